// Remote-write content negotiation (spec 2.0, "Protocol"): the protobuf message is named by the `proto`
// parameter of an application/x-protobuf Content-Type; none means 1.0. Anything else is a 415.
import { RemoteWriteDecodeError } from "./types";

export type RemoteWriteMessage = "prometheus.WriteRequest" | "io.prometheus.write.v2.Request";
export const V1: RemoteWriteMessage = "prometheus.WriteRequest";
export const V2: RemoteWriteMessage = "io.prometheus.write.v2.Request";

export class UnsupportedMediaType extends RemoteWriteDecodeError {}

/** The message a request's Content-Type names. A missing header is 1.0, as Prometheus' receiver assumes. */
export function remoteWriteMessage(contentType: string | undefined): RemoteWriteMessage {
  const raw = (contentType ?? "").trim();
  if (raw === "") return V1;
  const [media, ...params] = raw.split(";").map((p) => p.trim());
  if (media.toLowerCase() !== "application/x-protobuf")
    throw new UnsupportedMediaType(
      `unsupported Content-Type '${media}': remote_write needs application/x-protobuf (proto=${V1} or proto=${V2})`,
    );
  for (const p of params) {
    if (p === "") continue;
    const eq = p.indexOf("=");
    if (eq <= 0) throw new UnsupportedMediaType(`Content-Type parameter '${p}' is not a key=value pair`);
    if (p.slice(0, eq).trim().toLowerCase() !== "proto") continue;
    const proto = p
      .slice(eq + 1)
      .trim()
      .replace(/^"|"$/g, "");
    if (proto === V1 || proto === V2) return proto;
    throw new UnsupportedMediaType(`unsupported remote_write message '${proto}': this server accepts ${V1} and ${V2}`);
  }
  return V1;
}
