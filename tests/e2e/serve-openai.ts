// The local OpenAI-compatible server of a spec file: started before its tests, closed after them, and emptied of
// requests and queued replies before each, so every test reads only its own.
import { test } from '@playwright/test';
import { OpenAITestServer } from './openai-test-server.ts';

export function serveOpenAI(): OpenAITestServer {
  const server = new OpenAITestServer();
  test.beforeAll(async () => {
    await server.start();
  });
  test.afterAll(async () => {
    await server.close();
  });
  test.beforeEach(() => server.reset());
  return server;
}
