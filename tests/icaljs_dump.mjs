// Reads an iCalendar document on stdin, parses it with ical.js (the parser of Thunderbird)
// and prints what a client would see as JSON. Usage: node icaljs_dump.mjs <path to ical.js>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.argv[2]).href)).default;
const root = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    sequence: event.sequence,
    status: component.getFirstPropertyValue("status"),
    isDate: event.startDate.isDate,
    start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
    end: event.endDate.isDate ? event.endDate.toString() : event.endDate.toJSDate().toISOString(),
    categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
  };
});
process.stdout.write(JSON.stringify({ name: root.getFirstPropertyValue("x-wr-calname"), events }));
