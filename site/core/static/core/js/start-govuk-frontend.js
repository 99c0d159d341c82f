// Starts GOV.UK Frontend's components. The library's address comes from this script's
// data-govuk-frontend attribute: under the manifest storage its name carries a content hash.
const script = document.querySelector('script[data-govuk-frontend]');
import(script.dataset.govukFrontend).then(({ initAll }) => initAll());
