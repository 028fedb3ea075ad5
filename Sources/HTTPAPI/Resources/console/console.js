// Kordon console: small progressive enhancement only. Every form works without this file.
(function () {
  "use strict";
  // MRZ line shapes (ICAO 9303): TD1 3x30, TD2 2x36, TD3 2x44, MRV-A 2x44, MRV-B 2x36.
  function mrzComplete(text) {
    var lines = text.toUpperCase().split(/\r?\n/).map(function (l) { return l.replace(/\s+/g, ""); })
      .filter(function (l) { return l.length > 0; });
    if (lines.length === 3) return lines.every(function (l) { return l.length === 30; });
    if (lines.length === 2) return lines.every(function (l) { return l.length === 36; }) ||
      lines.every(function (l) { return l.length === 44; });
    return false;
  }
  function submit(form) {
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }
  document.addEventListener("DOMContentLoaded", function () {
    // The language switch returns to this page (the server gets no Referer: Referrer-Policy no-referrer).
    var languageSwitch = document.getElementById("lang-switch");
    if (languageSwitch && location.pathname.indexOf("/console/") === 0) {
      languageSwitch.href = languageSwitch.getAttribute("href").split("&")[0] +
        "&back=" + encodeURIComponent(location.pathname + location.search);
    }
    // The refusal form's print button (CSP forbids inline handlers).
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    var mrz = document.getElementById("mrz");
    if (mrz) {
      var form = mrz.form;
      mrz.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") return;
        if (e.ctrlKey || e.metaKey) { e.preventDefault(); submit(form); return; }
        // A scanner types each line followed by Enter: submit after the last line.
        if (mrzComplete(mrz.value)) { e.preventDefault(); submit(form); }
      });
      document.addEventListener("keydown", function (e) {
        if (e.altKey && !e.ctrlKey && (e.key === "m" || e.key === "M")) {
          e.preventDefault(); mrz.focus(); mrz.select();
        }
      });
      // Keep the cursor in the MRZ box with its text selected, so the next scan replaces it
      // (never focus an action button: a scanner's Enter would press it).
      if (mrz.value) { mrz.focus(); mrz.select(); }
    }
    // Refusal needs at least one reason code: say so before the round trip.
    var forms = document.querySelectorAll("form[data-decision-form]");
    Array.prototype.forEach.call(forms, function (f) {
      f.addEventListener("submit", function (e) {
        var d = f.querySelector("input[name=decision]:checked");
        var any = f.querySelector("input[name=reasons]:checked");
        var first = f.querySelector("input[name=reasons]");
        if (d && d.value === "refuse" && !any && first) {
          e.preventDefault();
          first.setCustomValidity("Choose at least one reason for refusal.");
          first.reportValidity();
          first.addEventListener("change", function () { first.setCustomValidity(""); }, { once: true });
        }
      });
    });
  });
})();
// Booth photos (issue 13): a preview of each chosen image, and the browser's camera where the browser
// allows it. Without this file the file inputs still work (and open the camera on a phone or tablet).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-preview]").forEach(function (input) {
      var img = document.getElementById(input.getAttribute("data-preview"));
      if (!img) return;
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file || !/^image\/(jpeg|png)$/.test(file.type)) { img.hidden = true; img.removeAttribute("src"); return; }
        var reader = new FileReader();
        reader.onload = function () { img.src = reader.result; img.hidden = false; };
        reader.readAsDataURL(file);
      });
    });
    var box = document.querySelector("[data-camera-box]");
    var media = navigator.mediaDevices;
    if (!box || !media || !media.getUserMedia || typeof DataTransfer === "undefined") return;
    var video = box.querySelector("[data-camera-video]");
    var shoot = box.querySelector("[data-camera-shoot]");
    var stream = null, target = null;
    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; box.hidden = true;
    }
    document.querySelectorAll("[data-camera-open]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        target = document.getElementById(button.getAttribute("data-camera-open"));
        media.getUserMedia({ video: { facingMode: "user", width: { ideal: 1280 } }, audio: false }).then(function (s) {
          stream = s; video.srcObject = s; box.hidden = false;
        }).catch(function () { button.hidden = true; });
      });
    });
    shoot.addEventListener("click", function () {
      if (!stream || !target || !video.videoWidth) return;
      var canvas = document.createElement("canvas");
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      canvas.toBlob(function (blob) {
        if (!blob) return;
        var transfer = new DataTransfer();
        transfer.items.add(new File([blob], "camera.jpg", { type: "image/jpeg" }));
        target.files = transfer.files;
        target.dispatchEvent(new Event("change"));
        stop();
      }, "image/jpeg", 0.92);
    });
  });
})();
