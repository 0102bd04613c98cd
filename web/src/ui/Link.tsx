import { splitProps, type JSX } from "solid-js";
import { lastRelativeRange } from "../lib/last-range";
import { menuHref, withGlobals } from "../lib/url-state";
import { navigate, useLocation } from "../lib/router";

/** An in-app link: keeps scope/time/UTC from the current URL and navigates without a reload. A `menu` link keeps a
 * pinned time range out of the page it opens (see menuHref). */
export function Link(
  props: JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; keepGlobals?: boolean; menu?: boolean },
) {
  const [own, rest] = splitProps(props, ["href", "keepGlobals", "menu", "onClick"]);
  const loc = useLocation();
  const href = () =>
    own.keepGlobals === false
      ? own.href
      : own.menu
        ? menuHref(own.href, loc().search, lastRelativeRange())
        : withGlobals(own.href, loc().search);
  return (
    <a
      {...rest}
      href={href()}
      onClick={(e) => {
        if (typeof own.onClick === "function") (own.onClick as (e: MouseEvent) => void)(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href());
      }}
    />
  );
}
