// The imitation mail client: Send records the message in the "Sent" list.
'use strict';
function record(which, text) {
  const li = document.createElement('li');
  li.dataset.from = which;
  li.textContent = `${which}: ${text.slice(0, 60)}`;
  document.getElementById('sent').append(li);
}
document.getElementById('send-rich').addEventListener('click', () => record('rich', document.getElementById('body').innerText));
document.getElementById('plain-form').addEventListener('submit', (e) => {
  e.preventDefault();
  record('plain', document.getElementById('plain-body').value);
});
