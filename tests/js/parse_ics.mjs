// Independent check of PanelHire's .ics output with ical.js (Mozilla's parser, used by
// Thunderbird). The Python tests call this once per module with many files, so it prints
// one JSON array with an entry per path, in the order given:
//
//   node tests/js/parse_ics.mjs a.ics b.ics  ->  [{"path": "a.ics", "calendar": {...},
//                                                 "events": [...]}, ...]
//
// Start and end are converted to UTC with the VTIMEZONE found in the file itself: no
// time zone data is registered with ical.js here, so a TZID without a matching VTIMEZONE
// would come back floating, and we report that as an error instead of guessing.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function stripMailto(value) {
  return typeof value === "string" ? value.replace(/^mailto:/i, "") : value;
}

function param(prop, name) {
  const value = prop.getParameter(name);
  return value === undefined ? null : value;
}

function instant(prop) {
  if (!prop) return null;
  const time = prop.getFirstValue();
  const tzid = param(prop, "tzid");
  const zone = time.zone ? time.zone.tzid : null;
  if (zone === "floating" || (tzid && zone !== tzid)) {
    throw new Error(`${prop.name} has TZID=${tzid} but no VTIMEZONE resolved it (zone=${zone})`);
  }
  return {
    utc: time.toJSDate().toISOString(),
    tzid: tzid,
    local: prop.toICALString(),
  };
}

function text(comp, name) {
  const value = comp.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

function person(prop) {
  return {
    email: stripMailto(prop.getFirstValue()),
    cn: param(prop, "cn"),
    role: param(prop, "role"),
    partstat: param(prop, "partstat"),
    rsvp: param(prop, "rsvp"),
    cutype: param(prop, "cutype"),
  };
}

function parseFile(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const calendar = {
    prodid: text(root, "prodid"),
    version: text(root, "version"),
    calscale: text(root, "calscale"),
    method: text(root, "method"),
    name: text(root, "x-wr-calname"),
    timezone: text(root, "x-wr-timezone"),
    refresh_interval: text(root, "refresh-interval"),
    published_ttl: text(root, "x-published-ttl"),
    timezones: root.getAllSubcomponents("vtimezone").map((tz) => text(tz, "tzid")),
  };
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const organizer = vevent.getFirstProperty("organizer");
    const sequence = vevent.getFirstPropertyValue("sequence");
    return {
      uid: event.uid,
      sequence: sequence === null ? null : Number(sequence),
      method: calendar.method,
      status: text(vevent, "status"),
      summary: event.summary,
      location: event.location,
      description: event.description,
      url: text(vevent, "url"),
      dtstamp: instant(vevent.getFirstProperty("dtstamp")),
      start: instant(vevent.getFirstProperty("dtstart")),
      end: instant(vevent.getFirstProperty("dtend")),
      attendees: vevent.getAllProperties("attendee").map(person),
      organizer: organizer ? person(organizer) : null,
    };
  });
  return { path, calendar, events };
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error("usage: node parse_ics.mjs FILE.ics [FILE.ics ...]");
  process.exit(2);
}
process.stdout.write(JSON.stringify(paths.map(parseFile)));
