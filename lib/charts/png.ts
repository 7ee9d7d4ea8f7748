import 'server-only';
import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT } from './svg';

/*
 * SVG charts (lib/charts/svg.ts) as PNG, for documents that cannot hold SVG everywhere (Word 2013
 * and LibreOffice show a .docx's PNG, not always its SVG). resvg draws text only with fonts it is
 * given: the charts name DejaVu Sans (Debian's fonts-dejavu-core, installed with most desktop and
 * server images), which has every Polish letter; without it the system's fonts are searched.
 */
const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

let fontFiles: string[] | null = null;
function fonts(): string[] {
  fontFiles ??= FONT_FILES.filter((file) => fs.existsSync(file));
  return fontFiles;
}

/** The chart at `scale` × its SVG size (2 = sharp when printed at the SVG's size). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const files = fonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: files,
      // Scanning the system's fonts costs tens of milliseconds per chart: only when DejaVu is missing.
      loadSystemFonts: files.length === 0,
      defaultFontFamily: CHART_FONT,
    },
  });
  return resvg.render().asPng();
}
