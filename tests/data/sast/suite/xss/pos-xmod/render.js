exports.errorPage = (reason) => `<p>Request failed: ${reason}</p>`
