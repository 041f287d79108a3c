// Region pickers. Without JavaScript the forms offer one <select> of the
// villages (grouped by township) and a text box for the residence code;
// with it they become township → village and province → city → county
// selects filled from GET /api/v1/regions?parent=CODE.
(function () {
  'use strict';

  function option(value, text, selected) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    if (selected) { o.selected = true; }
    return o;
  }

  function children(parent) {
    var url = '/api/v1/regions' + (parent ? '?parent=' + encodeURIComponent(parent) : '');
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (body) { return body.items || []; });
  }

  function labelled(text, select) {
    var wrap = document.createElement('div');
    var label = document.createElement('label');
    label.htmlFor = select.id;
    label.className = 'small';
    label.textContent = text;
    wrap.appendChild(label);
    wrap.appendChild(select);
    return wrap;
  }

  // Hometown: township → village, limited to what the plain select offers (the caller's scope).
  function hometown(original) {
    var groups = Array.prototype.map.call(original.querySelectorAll('optgroup'), function (g) {
      var options = Array.prototype.map.call(g.querySelectorAll('option'), function (o) {
        return { value: o.value, text: o.textContent };
      });
      return { code: g.getAttribute('data-code'), name: g.getAttribute('data-name'), options: options };
    });
    if (!groups.length) { return; }
    var allowed = {};
    groups.forEach(function (g) { g.options.forEach(function (o) { allowed[o.value] = true; }); });

    var township = document.createElement('select');
    township.id = original.id + '-township';
    var village = document.createElement('select');
    village.id = original.id + '-village';
    township.appendChild(option('', '请选择乡镇'));
    groups.forEach(function (g) { township.appendChild(option(g.code, g.name)); });
    // The hidden select cannot show the browser's "please fill in" bubble; the visible ones do.
    if (original.required) {
      original.required = false;
      township.required = true;
      village.required = true;
    }

    function fill(group, wanted) {
      village.innerHTML = '';
      var selectable = allowed[group.code];
      village.appendChild(option(selectable ? group.code : '', selectable ? '村不详（只选乡镇）' : '请选择村（社区）'));
      var fallback = group.options.filter(function (o) { return o.value !== group.code; })
        .map(function (o) { return { code: o.value, name: o.text }; });
      function show(items) {
        items.filter(function (v) { return allowed[v.code] && v.code !== group.code; }).forEach(function (v) {
          village.appendChild(option(v.code, v.name, v.code === wanted));
        });
        original.value = village.value;
      }
      children(group.code).then(show, function () { show(fallback); });
    }

    township.addEventListener('change', function () {
      var group = groups.filter(function (g) { return g.code === township.value; })[0];
      if (group) { fill(group, ''); } else { village.innerHTML = ''; original.value = ''; }
    });
    village.addEventListener('change', function () { original.value = village.value; });

    var pair = document.createElement('div');
    pair.className = 'region-pair';
    pair.appendChild(labelled('乡镇', township));
    pair.appendChild(labelled('村（社区）', village));
    original.parentNode.insertBefore(pair, original.nextSibling);
    original.hidden = true;
    var label = original.parentNode.querySelector('label[for="' + original.id + '"]');
    if (label) { label.htmlFor = township.id; }

    var current = original.value;
    if (current) {
      var group = groups.filter(function (g) { return current.indexOf(g.code) === 0; })[0];
      if (group) { township.value = group.code; fill(group, current); }
    }
  }

  // Residence: any county in China, province → city → county.
  function residence(box) {
    var input = box.querySelector('input');
    if (!input) { return; }
    var levels = [
      { id: 'residence-province', text: '省', blank: '未填写' },
      { id: 'residence-city', text: '市', blank: '请选择市' },
      { id: 'residence-county', text: '县（市、区）', blank: '请选择县（市、区）' }
    ];
    var selects = levels.map(function (l) {
      var s = document.createElement('select');
      s.id = l.id;
      s.setAttribute('data-blank', l.blank);
      return s;
    });
    var current = input.value;
    var wanted = [current.slice(0, 2), current.slice(0, 4), current];

    function load(i, parent) {
      var s = selects[i];
      s.innerHTML = '';
      s.appendChild(option('', s.getAttribute('data-blank')));
      for (var j = i + 1; j < selects.length; j++) { selects[j].innerHTML = ''; }
      if (i > 0 && !parent) { return; }
      children(parent).then(function (items) {
        items.forEach(function (r) { s.appendChild(option(r.code, r.name, r.code === wanted[i])); });
        if (s.value && i < selects.length - 1) { load(i + 1, s.value); }
      }, function () {
        // Without the tree the code box stays usable.
        input.type = 'text';
        pair.hidden = true;
      });
    }

    selects.forEach(function (s, i) {
      s.addEventListener('change', function () {
        wanted = ['', '', ''];
        if (i < selects.length - 1) { load(i + 1, s.value); }
        input.value = i === selects.length - 1 ? s.value : '';
        if (i === 0 && !s.value) { input.value = ''; }
      });
    });

    var pair = document.createElement('div');
    pair.className = 'region-pair';
    selects.forEach(function (s, i) { pair.appendChild(labelled(levels[i].text, s)); });
    input.type = 'hidden';
    input.parentNode.insertBefore(pair, input.nextSibling);
    var label = box.querySelector('label[for="' + input.id + '"]');
    if (label) { label.htmlFor = selects[0].id; }
    var hint = document.getElementById('residence-hint');
    if (hint) { hint.textContent = '全国任一县（市、区），依次选择省、市、县。'; }
    load(0, '');
  }

  Array.prototype.forEach.call(document.querySelectorAll('select[data-region-picker]'), hometown);
  Array.prototype.forEach.call(document.querySelectorAll('[data-residence-picker]'), residence);
})();
