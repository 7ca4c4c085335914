// Peak-hour test of the public API, run distributed by the k6-operator (TestRun with
// parallelism 70, 15,000 VUs each). Summary exported with:
//   k6 run --summary-export load/peak-summary.json load/peak.js
import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  scenarios: {
    peak: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '5m', target: 1050000 },
        { duration: '35m', target: 1050000 },
        { duration: '5m', target: 0 },
      ],
    },
  },
  thresholds: {
    http_req_duration: ['p(99)<100'],
    http_req_failed: ['rate<0.0001'],
  },
};

const BASE = 'https://api.fintech.example.com';

export default function () {
  const headers = { Authorization: `Bearer ${__ENV.TOKEN}`, 'Content-Type': 'application/json' };
  const accounts = http.get(`${BASE}/v1/accounts/acc-${__VU % 50000}`, { headers, tags: { name: 'GET /v1/accounts/{id}' } });
  check(accounts, { 'account read': (r) => r.status === 200 });
  const payment = http.post(`${BASE}/v1/payments`, JSON.stringify({ id: `${__VU}-${__ITER}`, amount: '12.50', currency: 'EUR' }),
    { headers: { ...headers, 'Idempotency-Key': `${__VU}-${__ITER}` }, tags: { name: 'POST /v1/payments' } });
  check(payment, { 'payment created': (r) => r.status === 201 });
  sleep(Math.random() * 8 + 4);
}
