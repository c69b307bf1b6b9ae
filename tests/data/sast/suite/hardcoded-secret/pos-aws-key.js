const { S3Client } = require('@aws-sdk/client-s3')

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    accessKeyId: 'AKIA4Q7ZR2MXV8T3KD5N', // vigil-expect: hardcoded-secret
    secretAccessKey: 'wJ8rXq2Lk9Zp4Vt7Yb1Nm6Hc3Fd5Gs0Ue8Ri2Oa' // vigil-expect: hardcoded-secret
  }
})
module.exports = s3
