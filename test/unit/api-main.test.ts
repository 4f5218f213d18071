/**
 * The Web UI origins the API's codec lets in: on the dev stack the UI answers on localhost and
 * 127.0.0.1 alike, so both; in production exactly the configured one.
 */
import { uiOrigins } from '../../api/main';

test('the dev stack allows the Web UI on localhost and on 127.0.0.1; production only its own origin', () => {
  expect(uiOrigins('http://localhost:8233', false)).toEqual([
    'http://localhost:8233',
    'http://127.0.0.1:8233',
  ]);
  expect(uiOrigins('http://127.0.0.1:8533/', false)).toEqual([
    'http://127.0.0.1:8533',
    'http://localhost:8533',
  ]);
  expect(uiOrigins('https://temporal.kommune.no/ui', true)).toEqual(['https://temporal.kommune.no']);
  expect(uiOrigins('http://localhost:8233', true)).toEqual(['http://localhost:8233']);
});
