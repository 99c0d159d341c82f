// Marks the page as running JavaScript, and GOV.UK Frontend as supported where the browser runs
// ES modules, before the page is painted: what GOV.UK Frontend's template does inline. A file, so
// the Content Security Policy allows it without a nonce and pages can be cached.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
