// Small SVG charts drawn by hand: grouped horizontal bars (success rate per achievement) and lines (reward over steps).

export interface Series<T> {
  name: string;
  color: string;
  values: T;
}

export const SERIES_COLORS = ['#2f6f4f', '#b5651d'] as const;

/** One row per label, one bar per series, values 0 to `max`. */
export function BarChart({ labels, series, max, unit, title }: { labels: readonly string[]; series: Series<readonly number[]>[]; max: number; unit: string; title: string }) {
  const labelWidth = 150;
  const barArea = 260;
  const barHeight = 7;
  const rowHeight = series.length * barHeight + 6;
  const height = labels.length * rowHeight + 24;
  const width = labelWidth + barArea + 60;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        {labels.map((label, row) => {
          const top = row * rowHeight + 2;
          return (
            <g key={label}>
              <text x={labelWidth - 6} y={top + rowHeight / 2} text-anchor="end" dominant-baseline="middle" font-size="10">{label.replaceAll('_', ' ')}</text>
              {series.map((s, i) => {
                const value = s.values[row] ?? 0;
                const w = max > 0 ? (Math.max(0, value) / max) * barArea : 0;
                return (
                  <g key={s.name}>
                    <rect x={labelWidth} y={top + i * barHeight} width={w} height={barHeight - 1} fill={s.color}>
                      <title>{`${s.name}: ${label} ${value.toFixed(1)}${unit}`}</title>
                    </rect>
                    <text x={labelWidth + w + 3} y={top + i * barHeight + barHeight / 2} dominant-baseline="middle" font-size="8" fill="#444">{value.toFixed(0)}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={height - 20} stroke="#888" />
        <text x={labelWidth} y={height - 6} font-size="9">0</text>
        <text x={labelWidth + barArea} y={height - 6} font-size="9" text-anchor="end">{`${max}${unit}`}</text>
      </svg>
      <Legend series={series} />
    </figure>
  );
}

/** Lines through [x, y] points, on shared axes starting at 0. */
export function LineChart({ series, xLabel, yLabel, title }: { series: Series<ReadonlyArray<readonly [number, number]>>[]; xLabel: string; yLabel: string; title: string }) {
  const width = 420;
  const height = 220;
  const left = 44;
  const bottom = 30;
  const plotW = width - left - 10;
  const plotH = height - bottom - 10;
  const all = series.flatMap((s) => s.values);
  const maxX = Math.max(1, ...all.map((p) => p[0]));
  const maxY = Math.max(1, ...all.map((p) => p[1]));
  const minY = Math.min(0, ...all.map((p) => p[1]));
  const x = (v: number) => left + (v / maxX) * plotW;
  const y = (v: number) => 10 + plotH - ((v - minY) / (maxY - minY)) * plotH;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <line x1={left} x2={left + plotW} y1={y(0)} y2={y(0)} stroke="#888" />
        <line x1={left} x2={left} y1={10} y2={10 + plotH} stroke="#888" />
        <text x={left - 4} y={y(maxY)} text-anchor="end" dominant-baseline="middle" font-size="9">{maxY.toFixed(1)}</text>
        <text x={left - 4} y={y(0)} text-anchor="end" dominant-baseline="middle" font-size="9">0</text>
        <text x={left + plotW} y={height - 16} text-anchor="end" font-size="9">{maxX}</text>
        <text x={left + plotW / 2} y={height - 4} text-anchor="middle" font-size="10">{xLabel}</text>
        <text x={10} y={10 + plotH / 2} font-size="10" transform={`rotate(-90 10 ${10 + plotH / 2})`} text-anchor="middle">{yLabel}</text>
        {series.map((s) => (
          <polyline key={s.name} fill="none" stroke={s.color} stroke-width="2" points={s.values.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ')}>
            <title>{s.name}</title>
          </polyline>
        ))}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

function Legend({ series }: { series: Series<unknown>[] }) {
  if (series.length < 2) return null;
  return (
    <p class="legend">
      {series.map((s) => (
        <span key={s.name}>
          <span class="swatch" style={{ background: s.color }} /> {s.name}{' '}
        </span>
      ))}
    </p>
  );
}
