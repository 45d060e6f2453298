import type { ScenarioResult } from '../preload/api'

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
const mark = { pass: '✓', fail: '✗', error: '✗', skipped: '-' } as const

export function pretty(results: { file: string; result: ScenarioResult }[]): string {
  const lines: string[] = []
  for (const { file, result } of results) {
    lines.push(`${result.passed ? '✓' : '✗'} ${result.name}  (${file}, ${result.durationMs} ms)`)
    for (const s of result.steps) {
      lines.push(`    ${mark[s.status]} ${s.index + 1}. ${s.title}${s.message ? `\n        ${s.message}` : ''}`)
    }
  }
  const failed = results.filter((r) => !r.result.passed).length
  lines.push('', `${results.length - failed} passed, ${failed} failed`)
  return lines.join('\n')
}

export function junit(results: { file: string; result: ScenarioResult }[]): string {
  const suites = results.map(({ file, result }) => {
    const failures = result.steps.filter((s) => s.status === 'fail' || s.status === 'error').length
    const cases = result.steps.map((s) => {
      const inner =
        s.status === 'fail' || s.status === 'error'
          ? `<failure message="${esc(s.message ?? s.status)}">${esc(s.message ?? '')}</failure>`
          : s.status === 'skipped'
            ? `<skipped message="${esc(s.message ?? '')}"/>`
            : ''
      return `    <testcase classname="${esc(file)}" name="${esc(`${s.index + 1}. ${s.title}`)}" time="${(s.durationMs / 1000).toFixed(3)}">${inner}</testcase>`
    })
    return [`  <testsuite name="${esc(result.name)}" tests="${result.steps.length}" failures="${failures}" time="${(result.durationMs / 1000).toFixed(3)}">`, ...cases, '  </testsuite>'].join('\n')
  })
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...suites, '</testsuites>', ''].join('\n')
}
