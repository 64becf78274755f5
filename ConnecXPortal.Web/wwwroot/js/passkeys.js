// <cx-passkey> runs a WebAuthn ceremony when its form is submitted with the button named "__passkey": it asks the
// server for options, lets the browser create or get a passkey, writes the result (or the error) into the form's
// hidden fields and submits the form as an ordinary post.
const supported =
    typeof window.PublicKeyCredential !== 'undefined' &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

customElements.define('cx-passkey', class extends HTMLElement {
    connectedCallback() {
        this.form = this.closest('form');
        if (!this.form || this.form.dataset.cxPasskey) {
            return;
        }
        this.form.dataset.cxPasskey = 'true';
        this.form.addEventListener('submit', event => {
            if (event.submitter?.name === '__passkey') {
                event.preventDefault();
                this.run(event.submitter);
            }
        });
    }

    field(name) {
        return this.form.querySelector(`input[name="${name}"]`);
    }

    async run(button) {
        button.disabled = true;
        try {
            if (!supported) {
                throw new Error('This browser cannot use passkeys. Update it, or choose another method.');
            }
            const token = this.form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
            const response = await fetch(this.getAttribute('options-url'), {
                method: 'POST',
                credentials: 'same-origin',
                headers: { 'RequestVerificationToken': token },
            });
            if (!response.ok) {
                const problem = await response.json().catch(() => ({}));
                throw new Error(problem.title ? `${problem.title} ${problem.detail ?? ''}`.trim() : 'The server could not start the passkey check.');
            }
            const options = await response.json();
            const credential = this.getAttribute('operation') === 'create'
                ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
                : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
            this.field(this.getAttribute('credential-field')).value = JSON.stringify(credential);
        } catch (error) {
            this.field(this.getAttribute('error-field')).value = error?.name === 'NotAllowedError'
                ? 'The passkey request was cancelled or timed out.'
                : (error?.message || 'The passkey could not be used.');
        }
        HTMLFormElement.prototype.submit.call(this.form);
    }
});
