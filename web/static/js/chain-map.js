// 产业链招商图谱: the tree of chains → segments → projects / people / gaps,
// drawn with the vendored ECharts from the JSON island #chain-data. The table
// under the chart holds the same numbers, so nothing depends on this script.
(function () {
  'use strict';
  var island = document.getElementById('chain-data');
  var el = document.getElementById('chain-tree');
  if (!island || !el || typeof echarts === 'undefined') { return; }
  var data;
  try { data = JSON.parse(island.textContent); } catch (e) { return; }
  var font = '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  var chart = echarts.init(el, null, { locale: 'ZH', renderer: 'canvas' });
  chart.setOption({
    textStyle: { fontFamily: font },
    tooltip: { trigger: 'item', renderMode: 'richText' },
    series: [{
      type: 'tree',
      data: [data],
      top: 10, left: 90, bottom: 10, right: 260,
      symbolSize: 9,
      initialTreeDepth: 2,
      expandAndCollapse: true,
      label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 13 },
      leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
      itemStyle: { color: '#1d5fa8' },
      emphasis: { focus: 'descendant' },
      animationDuration: 300
    }]
  });
  // Segments with a gap and the gap leaves in red.
  function mark(node) {
    if (node.gap) { node.itemStyle = { color: '#b3261e' }; node.label = { color: '#b3261e' }; }
    (node.children || []).forEach(mark);
  }
  mark(data);
  chart.setOption({ series: [{ data: [data] }] });
  chart.on('click', function (p) {
    if (p.data && p.data.link) { window.location.href = p.data.link; }
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
