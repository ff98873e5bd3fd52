"""Email and text messages: an outbox written with each change, sent after commit."""
