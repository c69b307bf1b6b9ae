exports.secretSuffix = () => Math.random().toString(16).substring(2, 10) // vigil-expect: insecure-randomness
