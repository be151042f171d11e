import { useEffect, useState } from 'react';
import type { ChatController, StreamStats } from 'react-streaming-chat';

export interface StatsSample {
  /** Milliseconds since the request started. */
  at: number;
  stats: StreamStats;
}

/**
 * The chat's stats, sampled once per animation frame while a request is in flight (and once
 * more when it ends). A new request starts a new series.
 */
export function useStatsSamples(controller: ChatController, limit = 1200): StatsSample[] {
  const [samples, setSamples] = useState<StatsSample[]>([]);
  useEffect(() => {
    let frame = 0;
    let startedAt = 0;
    let lastStatus = controller.getSnapshot().status;
    const sample = () => {
      const { stats, isStreaming } = controller.getSnapshot();
      const next = { at: performance.now() - startedAt, stats };
      setSamples((last) => [...last.slice(1 - limit), next]);
      frame = isStreaming ? requestAnimationFrame(sample) : 0;
    };
    const unsubscribe = controller.subscribe(() => {
      const { status } = controller.getSnapshot();
      if (status === 'connecting' && lastStatus !== 'connecting') {
        startedAt = performance.now();
        setSamples([]);
        if (!frame) frame = requestAnimationFrame(sample);
      }
      lastStatus = status;
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [controller, limit]);
  return samples;
}

interface Series {
  label: string;
  color: string;
  value: (stats: StreamStats) => number;
  /** How the latest value reads in the legend. */
  format?: (value: number) => string;
  /** Drawn on its own scale (0 to its own peak) rather than the chart's. */
  ownScale?: boolean;
}

interface LineChartProps {
  title: string;
  samples: StatsSample[];
  series: Series[];
  /** The y axis spans at least 0 to this. */
  minMax?: number;
  /** A dashed reference line, e.g. the buffer's capacity. */
  limit?: { value: number; label: string };
}

const WIDTH = 320;
const HEIGHT = 96;
const PAD = 4;

/** A small line chart of some stats over time: inline SVG, one polyline per series. */
export function LineChart({ title, samples, series, minMax = 1, limit }: LineChartProps) {
  const duration = Math.max(1000, samples.at(-1)?.at ?? 0);
  const peakOf = (list: Series[]) => Math.max(minMax, ...list.flatMap((s) => samples.map((x) => s.value(x.stats))));
  const sharedPeak = Math.max(limit?.value ?? 0, peakOf(series.filter((s) => !s.ownScale)));
  const x = (at: number) => PAD + (at / duration) * (WIDTH - 2 * PAD);
  const y = (value: number, peak = sharedPeak) => HEIGHT - PAD - (value / peak) * (HEIGHT - 2 * PAD);
  const latest = samples.at(-1)?.stats;
  return (
    <figure className="pg-chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`${title}, over ${(duration / 1000).toFixed(1)} s`}
      >
        <rect x={0} y={0} width={WIDTH} height={HEIGHT} fill="#fafafa" stroke="#c4c4c4" />
        {limit && (
          <line x1={PAD} x2={WIDTH - PAD} y1={y(limit.value)} y2={y(limit.value)} stroke="#767676" strokeDasharray="4 3" />
        )}
        {series.map((s) => {
          const peak = s.ownScale ? peakOf([s]) : sharedPeak;
          const points = samples.map((sample) => `${x(sample.at).toFixed(1)},${y(s.value(sample.stats), peak).toFixed(1)}`);
          return <polyline key={s.label} fill="none" stroke={s.color} strokeWidth={1.5} points={points.join(' ')} />;
        })}
      </svg>
      <ul className="pg-legend">
        {series.map((s) => (
          <li key={s.label}>
            <span className="pg-swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}: <strong>{latest ? (s.format ?? String)(s.value(latest)) : '–'}</strong>
          </li>
        ))}
        {limit && (
          <li>
            <span className="pg-swatch pg-swatch-dashed" aria-hidden="true" />
            {limit.label}
          </li>
        )}
      </ul>
    </figure>
  );
}

const chartCss =
  '.pg-charts{display:flex;flex-wrap:wrap;gap:1rem}' +
  '.pg-chart{margin:0}.pg-chart figcaption{font-weight:600;margin-bottom:.25rem}' +
  '.pg-legend{list-style:none;padding:0;margin:.25rem 0 0;font-size:.9em;font-variant-numeric:tabular-nums}' +
  '.pg-swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em;border-radius:2px}' +
  '.pg-swatch-dashed{height:0;border-top:2px dashed #767676;vertical-align:middle}';

const round = (value: number) => Math.round(value).toLocaleString('en');

/** The slow-consumer panel: buffer fill, bytes read against characters shown, backpressure. */
export function StatsPanel({ samples, bufferSize }: { samples: StatsSample[]; bufferSize: number }) {
  return (
    <section className="pg-charts" aria-label="Stream statistics">
      <style href="pg-charts" precedence="default">
        {chartCss}
      </style>
      <LineChart
        title="Render buffer fill"
        samples={samples}
        minMax={100}
        limit={{ value: 100, label: `bufferSize (${bufferSize} tokens)` }}
        series={[
          {
            label: 'High water',
            color: '#8e44ad',
            value: (stats) => (stats.bufferHighWater / bufferSize) * 100,
            format: (value) => `${round(value)} %`,
          },
          {
            label: 'Waiting at last flush',
            color: '#1f5fbf',
            value: (stats) => (stats.bufferedTokens / bufferSize) * 100,
            format: (value) => `${round(value)} %`,
          },
        ]}
      />
      <LineChart
        title="Bytes read vs characters shown"
        samples={samples}
        series={[
          { label: 'Bytes read', color: '#b35900', value: (stats) => stats.bytesReceived, format: round },
          { label: 'Characters shown', color: '#2e7d32', value: (stats) => stats.charsRendered, format: round },
        ]}
      />
      <LineChart
        title="Backpressure pauses"
        samples={samples}
        minMax={100}
        series={[
          { label: 'Time paused (ms)', color: '#a4161a', value: (stats) => stats.backpressureMs, format: round },
          { label: 'Pauses', color: '#1f5fbf', value: (stats) => stats.backpressureWaits, format: round, ownScale: true },
        ]}
      />
    </section>
  );
}
