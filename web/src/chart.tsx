/** One uPlot time chart; created once, its data replaced on update, destroyed on unmount. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  color: string;
}

export function Chart({ title, times, series, values, testid }: { title: string; times: number[]; series: ChartSeries[]; values: (number | null)[][]; testid: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const labels = series.map((s) => s.label).join('\n');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(280, el.clientWidth || 400);
    const opts: uPlot.Options = {
      width,
      height: 180,
      legend: { show: true },
      scales: { x: { time: true } },
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true }))],
      axes: [{}, { size: 50 }],
    };
    const u = new uPlot(opts, [times.map((x) => x / 1000), ...values] as uPlot.AlignedData, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(280, el.clientWidth), height: 180 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = undefined;
    };
    // the series (labels) fix the chart's shape; data changes go through setData below
  }, [labels]);

  useEffect(() => {
    plot.current?.setData([times.map((x) => x / 1000), ...values] as uPlot.AlignedData);
  }, [times, values]);

  return (
    <figure class="chart" data-testid={testid}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
