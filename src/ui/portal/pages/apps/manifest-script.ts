// The Manifest page's one script: "Upload" reads a chosen .json file into the editor (a
// FileReader; nothing is sent until Save, which posts the editor's text like a paste). Without
// scripts the upload control stays hidden and pasting into the editor does the same.

import { MANIFEST_TEXT_MAX } from './manifest-input.js';

export const MANIFEST_SCRIPT = `(() => {
  const box = document.getElementById('manifest-upload');
  const input = document.getElementById('manifest-file');
  const editor = document.getElementById('manifest');
  const said = document.getElementById('manifest-upload-status');
  if (!box || !input || !editor || !said || typeof FileReader === 'undefined') return;
  box.hidden = false;
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    if (!file) return;
    if (file.size > ${MANIFEST_TEXT_MAX}) {
      said.textContent = file.name + ' is too large for a manifest (' + file.size + ' bytes).';
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      editor.value = String(reader.result);
      said.textContent = file.name + ' is in the editor. Review it, then select Save.';
    };
    reader.onerror = () => {
      said.textContent = 'Could not read ' + file.name + '.';
    };
    reader.readAsText(file);
  });
})();`;
