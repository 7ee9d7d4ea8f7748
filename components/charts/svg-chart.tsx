/**
 * A chart drawn on the server as SVG (lib/charts: svg.ts, line.ts), inline in the page's HTML: no
 * client code, nothing to hydrate. The SVG names itself (role="img", its <title> and <desc>); the
 * page puts the same numbers in a table beside it. It scales down to its box.
 */
export function SvgChart({ svg, testId }: { svg: string; testId?: string }) {
  return (
    <div
      className="w-full [&>svg]:h-auto [&>svg]:max-w-full"
      data-testid={testId}
      // Our own markup from lib/charts, every text in it escaped there.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
