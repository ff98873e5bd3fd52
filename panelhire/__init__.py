"""PanelHire: trained residents on every staff interview panel."""
