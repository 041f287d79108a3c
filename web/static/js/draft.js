// 乡贤通: keeps what is typed into a form in this browser tab (sessionStorage,
// never the server; passwords never), so that when the session ends while
// someone fills in a form, nothing is lost: the login page says 登录已过期,
// and back on the form after signing in again the typed values return.
(function () {
  'use strict';
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }
  if (!store) { return; }
  var PREFIX = 'xx-draft:';
  var RESTORE = 'xx-draft-restore';

  if (document.getElementById('login-form')) {
    // Only a login that follows an ended session brings drafts back.
    if (document.getElementById('session-expired')) { store.setItem(RESTORE, '1'); }
    return;
  }

  function kept(el) {
    var t = (el.type || '').toLowerCase();
    return el.name && el.name !== '_csrf' && el.name !== 'version' &&
      ['password', 'file', 'hidden', 'submit', 'button'].indexOf(t) < 0;
  }

  function read(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) { return; }
      var list = out[el.name] || (out[el.name] = []);
      var t = (el.type || '').toLowerCase();
      if (t === 'checkbox' || t === 'radio') {
        if (el.checked) { list.push(el.value); }
      } else if (el.multiple && el.options) {
        Array.prototype.forEach.call(el.options, function (o) { if (o.selected) { list.push(o.value); } });
      } else {
        list.push(el.value);
      }
    });
    return out;
  }

  function fill(form, saved) {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el) || !saved.hasOwnProperty(el.name)) { return; }
      var values = saved[el.name];
      var t = (el.type || '').toLowerCase();
      if (t === 'checkbox' || t === 'radio') {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (el.multiple && el.options) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
      } else {
        var i = seen[el.name] || 0;
        if (i < values.length) { el.value = values[i]; }
        seen[el.name] = i + 1;
      }
    });
  }

  var restore = store.getItem(RESTORE) === '1';
  store.removeItem(RESTORE);
  var forms = document.querySelectorAll('form[method="post"]:not(.inline)');
  Array.prototype.forEach.call(forms, function (form, i) {
    var key = PREFIX + window.location.pathname + '#' + (form.id || i);
    var raw = store.getItem(key);
    if (restore && raw) {
      try {
        fill(form, JSON.parse(raw));
        var note = document.createElement('div');
        note.className = 'flash';
        note.setAttribute('role', 'status');
        note.id = 'draft-restored';
        note.textContent = '已恢复您登录过期前填写的内容，请核对后提交。';
        form.parentNode.insertBefore(note, form);
      } catch (e) { store.removeItem(key); }
    } else {
      store.removeItem(key);
    }
    var save = function () {
      try { store.setItem(key, JSON.stringify(read(form))); } catch (e) { /* storage full: no draft */ }
    };
    form.addEventListener('input', save);
    form.addEventListener('change', save);
  });
})();
