import { Empty } from "../../ui/State";

/** Pages whose API has not landed on this server yet say so instead of failing. */
export default function Placeholder(props: { title: string; api: string }) {
  return (
    <section>
      <h1>{props.title}</h1>
      <Empty title={`${props.title} is not available on this server yet`}>
        <p>
          This page needs <code>{props.api}</code>. Upgrade Vigil, or use the Metrics explorer meanwhile.
        </p>
      </Empty>
    </section>
  );
}
