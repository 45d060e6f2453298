import { expect, pick, shot, signIn, test } from './fixtures'

test('contract matrix: run a selection, see the grid, drill down, export JUnit', async ({ app }) => {
  await signIn(app)
  await pick(app, 'MX Bank (connected)')
  await app.getByTestId('tab-matrix').click()
  await app.getByTestId('matrix-all-statuses').uncheck()
  await app.getByTestId('matrix-status-DENIED').check()
  await app.getByTestId('matrix-status-LOCKED').check()
  await app.getByTestId('matrix-skipAggregation-false').uncheck()
  await app.getByTestId('matrix-skipWebhook-false').uncheck()
  await app.getByTestId('matrix-skipWebhookHeader-false').uncheck()
  await app.getByTestId('matrix-format-legacy').uncheck()
  // 2 statuses × 2 × 2 × 2 × 1 body × 2 credentials
  await expect(app.getByTestId('matrix-run')).toHaveText('Run 32 combinations')
  await app.getByTestId('matrix-run').click()
  await expect(app.getByTestId('matrix-summary')).toHaveText('32 / 32 · 32 pass · 0 fail', { timeout: 45_000 })
  await expect(app.getByTestId('matrix-grid').locator('tr[data-verdict="pass"]')).toHaveCount(32)
  await shot(app, 'matrix')
  await app.getByTestId('matrix-cell-0').click()
  await expect(app.getByTestId('matrix-drill')).toContainText('rules: force-status')
  const download = app.waitForEvent('download')
  await app.getByTestId('matrix-export-junit').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/\.xml$/)
  await app.getByTestId('matrix-open-exchange').click()
  await expect(app.getByTestId('response-status')).toContainText('200')
})
