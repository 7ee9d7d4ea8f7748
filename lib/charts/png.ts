import 'server-only';
import fs from 'node:fs';
import { Resvg, type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js';
import { CHART_FONTS } from './svg';

/*
 * SVG charts (lib/charts/svg.ts) as PNG, for documents that cannot hold SVG everywhere (Word 2013
 * and LibreOffice show a .docx's PNG, not always its SVG). resvg draws text only with fonts it is
 * given: the charts name Liberation Sans, then DejaVu Sans (Debian's fonts-liberation and
 * fonts-dejavu-core), both with every Polish letter; without either the system's fonts are searched.
 */
const FONT_FILES: Record<(typeof CHART_FONTS)[number], string[]> = {
  'Liberation Sans': [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
  'DejaVu Sans': [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
};

let found: { family: string; files: string[] } | null | undefined;
/** The first of the charts' fonts installed here (its regular face at least), once per process. */
function chartFont() {
  if (found === undefined) {
    const family = CHART_FONTS.find((name) =>
      // Absolute system paths, not the project's files: nothing for the build to trace.
      fs.existsSync(/*turbopackIgnore: true*/ FONT_FILES[name][0]!),
    );
    found = family
      ? {
          family,
          files: FONT_FILES[family].filter((file) => fs.existsSync(/*turbopackIgnore: true*/ file)),
        }
      : null;
  }
  return found;
}

function options(scale: number): ResvgRenderOptions {
  const font = chartFont();
  return {
    fitTo: { mode: 'zoom', value: scale },
    font: font
      ? { fontFiles: font.files, loadSystemFonts: false, defaultFontFamily: font.family }
      : // Scanning the system's fonts costs tens of milliseconds per chart: only when neither is here.
        { loadSystemFonts: true },
  };
}

/**
 * The chart at `scale` × its SVG size: 1.25 is 135 dpi at the width a document shows it, sharp
 * enough in print; each step up costs ~5 ms a chart (45 charts in a 600-task chapter).
 */
export function svgToPng(svg: string, scale = 1.25): Buffer {
  return new Resvg(svg, options(scale)).render().asPng();
}

/**
 * Many charts (a document's 45) by their SVG: parsed and drawn on libuv's thread pool, `at` a time,
 * so the main thread only encodes the PNGs and keeps serving requests meanwhile; at most `at`
 * drawn images (a few MB each) are held at once. Equal SVGs are drawn once.
 */
export async function svgsToPng(svgs: readonly string[], scale = 1.25, at = 2): Promise<Map<string, Buffer>> {
  const pending = [...new Set(svgs)];
  const out = new Map<string, Buffer>();
  const worker = async () => {
    for (let svg = pending.shift(); svg !== undefined; svg = pending.shift()) {
      const image = await renderAsync(svg, options(scale));
      out.set(svg, image.asPng());
    }
  };
  await Promise.all(Array.from({ length: at }, worker));
  return out;
}
