// Dashboard charts, drawn with the vendored ECharts from the JSON data island
// #chart-data. The same numbers are in the tables beside each chart, so the
// page still says everything without JavaScript.
(function () {
  'use strict';
  var island = document.getElementById('chart-data');
  if (!island || typeof echarts === 'undefined') { return; }
  var data;
  try { data = JSON.parse(island.textContent); } catch (e) { return; }

  var blue = '#1d5fa8', teal = '#2a9d8f', red = '#b3261e';
  var charts = [];
  var font = '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

  function draw(id, option, rows) {
    var el = document.getElementById(id);
    if (!el) { return; }
    if (rows) { el.style.height = Math.max(220, rows * 30 + 90) + 'px'; }
    var chart = echarts.init(el, null, { locale: 'ZH', renderer: 'canvas' });
    option.textStyle = { fontFamily: font };
    // Tooltips drawn on the canvas: the HTML ones use inline styles, which the CSP forbids.
    option.tooltip = Object.assign({ trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' }, option.tooltip || {});
    chart.setOption(option);
    charts.push(chart);
    var card = el.closest('.card');
    if (card) { card.classList.add('charted'); }
  }

  // Horizontal bars: long Chinese place names stay readable on a phone.
  function bars(id, items, color, unit) {
    var names = items.map(function (c) { return c.name; }).reverse();
    var values = items.map(function (c) { return c.count; }).reverse();
    draw(id, {
      grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names },
      tooltip: { formatter: function (p) { return p[0].name + '：' + p[0].value + ' ' + unit; } },
      series: [{ type: 'bar', data: values, itemStyle: { color: color }, label: { show: true, position: 'right' }, barMaxWidth: 22 }]
    }, items.length);
  }

  // Zero bars carry no label: with twenty villages the zeros drown the rest (the table has them).
  function nonzero(p) { return p.value ? p.value + '%' : ''; }

  var cov = data.coverage;
  if (cov && cov.names && cov.names.length) {
    var rev = function (a) { return a.slice().reverse(); };
    var series = [{
      name: '村级乡贤会覆盖率', type: 'bar', data: rev(cov.village_pct), itemStyle: { color: blue }, barMaxWidth: 18,
      label: { show: true, position: 'right', formatter: nonzero },
      markLine: { symbol: 'none', data: [{ xAxis: 100 }], lineStyle: { color: red, type: 'dashed' }, label: { formatter: '全覆盖目标', color: red } }
    }];
    if (cov.show_townships) {
      series.push({ name: '乡镇联谊会覆盖率', type: 'bar', data: rev(cov.township_pct), itemStyle: { color: teal }, barMaxWidth: 18,
        label: { show: true, position: 'right', formatter: nonzero } });
    }
    var names = rev(cov.names);
    var n = cov.names.length;
    draw('chart-coverage', {
      // Legend below, so it never covers the 全覆盖目标 label at the top of the line.
      legend: { bottom: 0 },
      grid: { left: 8, right: 70, top: 24, bottom: 34, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: names },
      tooltip: {
        formatter: function (params) {
          var i = n - 1 - params[0].dataIndex;
          var text = cov.names[i] + '\n村级乡贤会：' + cov.villages_with[i] + ' / ' + cov.villages[i] + ' 个村（' + cov.village_pct[i] + '%）';
          if (cov.show_townships) {
            text += '\n乡镇联谊会：' + cov.townships_with[i] + ' / ' + cov.townships[i] + ' 个乡镇（' + cov.township_pct[i] + '%）';
          }
          return text;
        }
      },
      series: series
    }, n * (cov.show_townships ? 1.6 : 1) + 1);
  }

  if (data.chains) { bars('chart-chains', data.chains, blue, '人'); }
  if (data.counties) { bars('chart-counties', data.counties, teal, '人'); }
  if (data.cities && data.cities.length) { bars('chart-cities', data.cities, '#6c5ce7', '人'); }
  if (data.pipeline) { bars('chart-pipeline', data.pipeline, '#c77c02', '条'); }
  if (data.projects) { bars('chart-projects', data.projects, blue, '个'); }

  // The six counties coloured by village-level coverage. The boundaries are a static file
  // of this site (fetched, then cached); the data island matches them by county code.
  var map = data.map;
  var mapEl = document.getElementById('chart-map');
  if (map && map.counties && map.counties.length && mapEl && window.fetch) {
    fetch(map.geo, { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (geo) {
        var byCode = {};
        map.counties.forEach(function (c) { byCode[c.code] = c; });
        var items = [];
        geo.features.forEach(function (f) {
          var c = byCode[f.properties.adcode];
          if (c) { items.push({ name: f.properties.name, value: c.village_pct, county: c, itemStyle: { areaColor: c.color } }); }
        });
        echarts.registerMap('xianning', geo);
        var narrow = mapEl.clientWidth < 480;
        draw('chart-map', {
          tooltip: {
            trigger: 'item',
            formatter: function (p) {
              var c = p.data && p.data.county;
              if (!c) { return p.name; }
              return c.name + '\n村级乡贤会：' + c.villages_with + ' / ' + c.villages + ' 个村（' + c.village_pct + '%）' +
                '\n乡镇联谊会：' + c.townships_with + ' / ' + c.townships + ' 个乡镇（' + c.township_pct + '%）' +
                '\n乡贤档案：' + c.profiles + ' 人';
            }
          },
          // Colours come with the data (ranked by share, worked out on the server with the
          // HTML legend #map-legend beside the map), so the map and its legend agree.
          series: [{
            type: 'map', map: 'xianning', roam: false, selectedMode: false,
            layoutCenter: ['50%', '50%'], layoutSize: narrow ? '96%' : '100%',
            itemStyle: { borderColor: '#fff', borderWidth: 1.5 },
            label: { show: true, formatter: function (p) { return p.name + '\n' + (p.value || 0) + '%'; }, color: '#1a2633', fontSize: 12, lineHeight: 16, textBorderColor: '#fff', textBorderWidth: 2 },
            emphasis: { label: { show: true }, itemStyle: { areaColor: '#f2c14e' } },
            data: items
          }]
        });
        // A county opens on the same page, with its townships.
        var mapChart = echarts.getInstanceByDom(mapEl);
        if (mapChart) {
          mapChart.on('click', function (p) {
            var c = p.data && p.data.county;
            if (c) { window.location.href = '/?region=' + encodeURIComponent(c.code); }
          });
        }
        // Tells tests (and curious readers) how many counties were drawn with numbers.
        mapEl.setAttribute('data-counties', String(items.length));
      })
      .catch(function () { mapEl.setAttribute('data-error', 'geo'); mapEl.hidden = true; });
  }

  // On a phone the secondary cards start folded (their headings stay), so the page is short;
  // one tap opens each. Without JavaScript they stay open.
  if (window.matchMedia && window.matchMedia('(max-width: 37.5rem)').matches) {
    Array.prototype.forEach.call(document.querySelectorAll('details.fold'), function (d) { d.open = false; });
  }

  // Phones may lay the page out again after the first paint; measure once more.
  window.addEventListener('load', function () { charts.forEach(function (c) { c.resize(); }); });

  var timer;
  window.addEventListener('resize', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
})();
