/** The score distribution as a small inline SVG bar chart (ten bins of the maximum), readable without colour. */
import Handlebars from 'handlebars';

export function histogramSvg(
  scoresMilli: number[],
  maxMilli: number,
  labels: { x: string; y: string; title: string },
): string {
  const bins = new Array<number>(10).fill(0);
  for (const s of scoresMilli) bins[Math.min(9, Math.floor((s / Math.max(maxMilli, 1)) * 10))]++;
  const top = Math.max(...bins, 1);
  const [w, h, left, bottom] = [420, 180, 36, 34];
  const barW = (w - left - 10) / 10;
  // The labels go into an attribute and into text: Handlebars' escaping covers both (quotes included).
  const esc = Handlebars.Utils.escapeExpression;
  const bars = bins
    .map((n, i) => {
      const bh = ((h - bottom - 10) * n) / top;
      const x = left + i * barW;
      const y = h - bottom - bh;
      return (
        `<rect x="${x + 2}" y="${y}" width="${barW - 4}" height="${bh}" fill="#555" stroke="#000"><title>${i * 10}–${(i + 1) * 10}%: ${n}</title></rect>` +
        (n > 0 ? `<text x="${x + barW / 2}" y="${y - 3}" text-anchor="middle" font-size="10">${n}</text>` : '') +
        `<text x="${x + barW / 2}" y="${h - bottom + 13}" text-anchor="middle" font-size="9">${i * 10}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(labels.title)}" class="histogram" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<line x1="${left}" y1="${h - bottom}" x2="${w - 8}" y2="${h - bottom}" stroke="#000"/>` +
    bars +
    `<text x="${(w + left) / 2}" y="${h - 4}" text-anchor="middle" font-size="11">${esc(labels.x)}</text>` +
    `<text x="12" y="${(h - bottom) / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 12 ${(h - bottom) / 2})">${esc(labels.y)}</text>` +
    `</svg>`
  );
}
