// The envelope every OTLP export request shares (logs, traces): the request's field 1 holds resource_X messages,
// each a Resource (1) and scope_X messages (2), each an InstrumentationScope (1) and its records (2).
import { type BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { checkEnd, decodeGuard, expectWire, newReader, readResource, readScope, subEnd } from "./proto";
import { type InstrumentationScope, type Resource, emptyResource, emptyScope } from "./types";

const LD = WireType.LengthDelimited;

export interface Envelope<T> {
  /** The request message's name, for errors: "ExportLogsServiceRequest". */
  request: string;
  /** Its field 1: "resource_logs". */
  resourceField: string;
  readRecord(r: BinaryReader, end: number): T;
  /** Once per scope message, with its records. */
  scoped(records: T[], scope: InstrumentationScope): void;
  /** Once per resource message, with all its records. */
  resourced(records: T[], resource: Resource): void;
}

/** Decode an export request into its records. A resource or scope may follow its records on the wire, so each is
 * handed over once its message is complete. Wire errors become OtlpDecodeError (a 400, not a 500). */
export function readExportRequest<T>(bytes: Uint8Array, e: Envelope<T>): T[] {
  return decodeGuard(e.request, () => {
    const r = newReader(bytes);
    const out: T[] = [];
    while (r.pos < r.len) {
      const [no, wt] = r.tag();
      if (no === 1) {
        expectWire(wt, LD, `${e.request}.${e.resourceField}`);
        for (const rec of readResourceRecords(r, subEnd(r), e)) out.push(rec);
      } else r.skip(wt, no);
    }
    return out;
  });
}

function readResourceRecords<T>(r: BinaryReader, end: number, e: Envelope<T>): T[] {
  let resource = emptyResource();
  const records: T[] = [];
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1 && wt === LD) resource = readResource(r, subEnd(r));
    else if (no === 2 && wt === LD) readScopeRecords(r, subEnd(r), e, records);
    else r.skip(wt, no);
  }
  checkEnd(r, end);
  e.resourced(records, resource);
  return records;
}

function readScopeRecords<T>(r: BinaryReader, end: number, e: Envelope<T>, into: T[]): void {
  let scope = emptyScope();
  const records: T[] = [];
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1 && wt === LD) scope = readScope(r, subEnd(r));
    else if (no === 2 && wt === LD) records.push(e.readRecord(r, subEnd(r)));
    else r.skip(wt, no);
  }
  checkEnd(r, end);
  e.scoped(records, scope);
  for (const rec of records) into.push(rec);
}
