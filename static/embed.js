// <escalation-triage>: embeds Escalation Triage in a page that can run script.
//
//   <script src="https://triage.contoso.example/embed.js" defer></script>
//   <escalation-triage src="https://triage.contoso.example/" lang="ja" theme="auto"
//                      customer="contoso.onmicrosoft.com" service="Exchange Online"
//                      height="560"></escalation-triage>
//
// The element creates the iframe, passes its attributes on as URL parameters, listens for the
// widget's versioned postMessage events from the widget's origin only, re-dispatches them as DOM
// events ("escalation-triage:ready", "escalation-triage:result", "escalation-triage:resize", with
// the message in event.detail), and follows "resize" events with its height. The widget only talks
// to origins listed in its configuration's allowedHostOrigins.

const PREFIX = 'escalation-triage:';
const FORWARDED = ['lang', 'theme', 'customer', 'service', 'config'];

class EscalationTriageElement extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'height', 'title', ...FORWARDED];
  }

  constructor() {
    super();
    this.frame = null;
    this.onMessage = (event) => {
      if (!this.frame || event.source !== this.frame.contentWindow) return;
      if (event.origin !== this.widgetOrigin()) return;
      const data = event.data;
      if (!data || typeof data.type !== 'string' || !data.type.startsWith(PREFIX) || data.version !== 1) return;
      if (data.type === PREFIX + 'resize' && Number.isFinite(data.height) && !this.hasAttribute('height')) {
        this.frame.height = String(Math.max(320, Math.ceil(data.height)));
      }
      this.dispatchEvent(new CustomEvent(data.type, { detail: data, bubbles: true, composed: true }));
    };
  }

  connectedCallback() {
    window.addEventListener('message', this.onMessage);
    this.render();
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.onMessage);
  }

  attributeChangedCallback() {
    if (this.isConnected) this.render();
  }

  widgetUrl() {
    const url = new URL(this.getAttribute('src') || './', document.baseURI);
    url.searchParams.set('embed', '1');
    for (const name of FORWARDED) {
      const value = this.getAttribute(name);
      if (value) url.searchParams.set(name, value);
    }
    return url;
  }

  widgetOrigin() {
    return this.widgetUrl().origin;
  }

  /** Asks the widget to switch language ("en" or "ja"). */
  setLanguage(lang) {
    this.post({ type: PREFIX + 'set-language', version: 1, lang });
  }

  /** Fills in the customer (tenant ID or domain), the service or the problem text. */
  prefill(fields) {
    this.post({ type: PREFIX + 'prefill', version: 1, ...fields });
  }

  post(message) {
    if (this.frame && this.frame.contentWindow) {
      this.frame.contentWindow.postMessage(message, this.widgetOrigin());
    }
  }

  render() {
    const src = this.widgetUrl().href;
    if (!this.frame) {
      this.frame = document.createElement('iframe');
      this.frame.setAttribute('allow', 'clipboard-write');
      this.frame.width = '100%';
      this.frame.style.border = '0';
      this.appendChild(this.frame);
    }
    this.frame.title = this.getAttribute('title') || 'Escalation Triage';
    this.frame.height = this.getAttribute('height') || this.frame.height || '560';
    if (this.frame.src !== src) this.frame.src = src;
  }
}

if (!customElements.get('escalation-triage')) {
  customElements.define('escalation-triage', EscalationTriageElement);
}
