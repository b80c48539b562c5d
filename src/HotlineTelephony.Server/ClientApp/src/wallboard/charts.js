// The wallboard's ECharts: one gauge per rate and one bar chart of agents by state. Only the parts used are bundled.
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { stateNames } from '../shared/format.js';

echarts.use([BarChart, GaugeChart, GridComponent, CanvasRenderer]);

const text = '#e8f1ff';
const muted = '#8fb0d8';

// Bands a supervisor reads at a glance: GB/T 33358 expects ≥ 95 % connected; below 80 % is red.
const bands = [
  [0.8, '#ff5252'],
  [0.95, '#ffb300'],
  [1, '#36d399'],
];

export function createGauge(element) {
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  // No calls yet (null) reads as "—", not as a 0 % that would look like a failing centre.
  let empty = true;
  chart.setOption({
    series: [{
      type: 'gauge',
      min: 0,
      max: 100,
      radius: '92%',
      startAngle: 210,
      endAngle: -30,
      axisLine: { lineStyle: { width: 14, color: bands } },
      pointer: { width: 5, itemStyle: { color: text } },
      axisTick: { show: false },
      splitLine: { length: 10, lineStyle: { color: text, width: 2 } },
      axisLabel: { color: muted, distance: 18, fontSize: 12 },
      detail: { valueAnimation: true, color: text, fontSize: 26, fontWeight: 'bold', offsetCenter: [0, '60%'], formatter: (value) => (empty ? '—' : `${value}%`) },
      data: [{ value: 0 }],
    }],
  });
  return {
    chart,
    set(rate) {
      empty = rate === null || rate === undefined;
      chart.setOption({ series: [{ data: [{ value: empty ? 0 : Math.round(rate * 1000) / 10 }] }] });
    },
  };
}

const stateOrder = ['ready', 'offered', 'onCall', 'wrapUp', 'notReady', 'loggedOut'];
const stateColors = { ready: '#36d399', offered: '#4fc3f7', onCall: '#2979ff', wrapUp: '#ffd54f', notReady: '#ff8a65', loggedOut: '#607d8b' };

export function createAgentChart(element) {
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  chart.setOption({
    grid: { left: 8, right: 36, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { show: false }, splitLine: { lineStyle: { color: '#1d3d66' } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: stateOrder.map((key) => stateNames[key]),
      axisLabel: { color: text, fontSize: 15 },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [{
      type: 'bar',
      barWidth: '62%',
      label: { show: true, position: 'right', color: text, fontSize: 15, fontWeight: 'bold' },
      data: stateOrder.map((key) => ({ value: 0, itemStyle: { color: stateColors[key] } })),
    }],
  });
  return {
    chart,
    set(agents) {
      chart.setOption({ series: [{ data: stateOrder.map((key) => ({ value: agents?.[key] ?? 0, itemStyle: { color: stateColors[key] } })) }] });
    },
  };
}

export { stateOrder, stateColors };
