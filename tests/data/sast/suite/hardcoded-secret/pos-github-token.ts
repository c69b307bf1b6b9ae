import axios from 'axios'

const GITHUB_TOKEN = 'ghp_R8sK2mVx7QpL4tZw9NcY3bHd6FjA1uE5gT0o' // vigil-expect: hardcoded-secret

export const gh = axios.create({
  baseURL: 'https://api.github.com',
  headers: { Authorization: `token ${GITHUB_TOKEN}` }
})
