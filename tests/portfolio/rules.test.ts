import { describe, expect, it } from 'vitest';
import { median } from '../../src/scoring/score.js';
import {
  byUrgency,
  compareResponders,
  expectedResponse,
  inPortfolio,
  nextAgreementCode,
  quarterOf,
  reachedTarget,
  retentionRisk,
  summarizeAgreements,
  targetStatus,
} from '../../src/portfolio/rules.js';

const TODAY = '2026-11-24';
const a = (status: string, startDate: string, endDate: string) => ({ status, startDate, endDate });

describe('portfolio membership', () => {
  it.each([
    ['2026-01-01', true],
    ['2026-12-31', true],
    ['2025-12-31', false],
    ['2027-01-01', false],
  ])('an active agreement for 2026 covers %s: %s', (day, expected) => {
    expect(inPortfolio([a('active', '2026-01-01', '2026-12-31')], day)).toBe(expected);
  });

  it.each(['draft', 'closed', 'cancelled'])(
    'a %s agreement does not make a partner part of the portfolio',
    (status) => {
      expect(inPortfolio([a(status, '2026-01-01', '2026-12-31')], TODAY)).toBe(false);
    },
  );
});

describe('retention risk', () => {
  const risk = (agreements: ReturnType<typeof a>[]) => retentionRisk(summarizeAgreements(agreements, TODAY), TODAY);

  it('flags a partner whose active agreements all end within 90 days', () => {
    expect(risk([a('active', '2026-01-01', '2027-01-31')])).toEqual({
      kind: 'ending',
      daysLeft: 68,
      endDate: '2027-01-31',
    });
    expect(risk([a('active', '2026-01-01', '2027-02-22')])).toMatchObject({ kind: 'ending', daysLeft: 90 });
    expect(risk([a('active', '2026-01-01', '2027-02-23')])).toBeNull();
  });

  it('does not flag it when a later agreement is drafted or active', () => {
    expect(risk([a('active', '2026-01-01', '2027-01-31'), a('draft', '2027-02-01', '2027-12-31')])).toBeNull();
    expect(risk([a('active', '2026-01-01', '2027-01-31'), a('active', '2027-02-01', '2027-12-31')])).toBeNull();
    expect(risk([a('active', '2026-01-01', '2027-01-31'), a('cancelled', '2027-02-01', '2027-12-31')])).toMatchObject({
      kind: 'ending',
    });
  });

  it('flags a partner that left in the last 365 days without a new agreement', () => {
    expect(risk([a('closed', '2025-01-01', '2026-06-30')])).toEqual({
      kind: 'lapsed',
      daysLeft: -147,
      endDate: '2026-06-30',
    });
    expect(risk([a('closed', '2024-01-01', '2025-11-23')])).toBeNull();
    expect(risk([a('closed', '2025-01-01', '2026-06-30'), a('draft', '2027-01-01', '2027-12-31')])).toBeNull();
  });

  it('never flags a partner that never had an agreement', () => {
    expect(risk([])).toBeNull();
  });
});

describe('targets, quarters and expected response', () => {
  it.each([
    [0.5, 0.4, { met: true, gap: 0 }],
    [0.4, 0.4, { met: true, gap: 0 }],
    [0.3, 0.4, { met: false, gap: 0.1 }],
    [null, 0.25, { met: false, gap: 0.25 }],
  ])('value %s against minimum %s', (value, minimum, expected) => {
    const status = targetStatus(value, minimum);
    expect(status.met).toBe(expected.met);
    expect(status.gap).toBeCloseTo(expected.gap, 10);
  });

  it.each([
    ['2026-11-24', { from: '2026-10-01', to: '2026-12-31' }],
    ['2026-01-01', { from: '2026-01-01', to: '2026-03-31' }],
    ['2026-05-15', { from: '2026-04-01', to: '2026-06-30' }],
  ])('the quarter of %s', (day, expected) => expect(quarterOf(day)).toEqual(expected));

  it('prefers the local median with 3 events, then the overall median, then the declared time', () => {
    expect(expectedResponse([10, 20, 30], { measured: 50, declared: 70 }, 3, median)).toEqual({
      hours: 20,
      basis: 'territory',
    });
    expect(expectedResponse([10, 20], { measured: 50, declared: 70 }, 3, median)).toEqual({
      hours: 50,
      basis: 'overall',
    });
    expect(expectedResponse([10, 20], { measured: null, blended: 40, declared: 70 }, 3, median)).toEqual({
      hours: 40,
      basis: 'blended',
    });
    expect(expectedResponse([], { measured: null, declared: 70 }, 3, median)).toEqual({ hours: 70, basis: 'declared' });
    expect(expectedResponse([], { measured: null, declared: null }, 3, median)).toEqual({ hours: null, basis: null });
  });
});

describe('rapid-response order', () => {
  const MEASURED = 0;
  const PARTLY = 1;
  const DECLARED = 2;
  const r = (
    name: string,
    expectedHours: number | null,
    evidenceRank: number,
    maxPeopleInOneEvent: number | null = null,
    openRedFlag = false,
  ) => ({
    name,
    expectedHours,
    evidenceRank,
    maxPeopleInOneEvent,
    openRedFlag,
  });
  const order = (list: ReturnType<typeof r>[], people: number | null) =>
    [...list].sort((a, b) => compareResponders(a, b, people)).map((x) => x.name);

  it.each([
    ['faster first', [r('B', 30, MEASURED), r('A', 12, DECLARED)], null, ['A', 'B']],
    [
      'an open red flag last, however fast',
      [r('Flag', 1, MEASURED, 5000, true), r('Slow', 200, DECLARED)],
      100,
      ['Slow', 'Flag'],
    ],
    [
      'unknown time after every known one',
      [r('Unknown', null, 3), r('Slow', 300, DECLARED)],
      null,
      ['Slow', 'Unknown'],
    ],
    [
      'equal time: measured before partly measured before declared',
      [r('Alfa', 20, DECLARED), r('Beta', 20, PARTLY), r('Gama', 20, MEASURED)],
      null,
      ['Gama', 'Beta', 'Alfa'],
    ],
    [
      'equal time and evidence, no people asked: by name',
      [r('Zeta', 20, MEASURED, 5000), r('Alfa', 20, MEASURED, 10)],
      null,
      ['Alfa', 'Zeta'],
    ],
    [
      'equal time and evidence: the larger single event first',
      [r('Alfa', 20, MEASURED, 300), r('Zeta', 20, MEASURED, 2500)],
      2000,
      ['Zeta', 'Alfa'],
    ],
    [
      'no events counts as none assisted',
      [r('Alfa', 20, MEASURED, null), r('Zeta', 20, MEASURED, 1)],
      2000,
      ['Zeta', 'Alfa'],
    ],
    [
      'all that reached the target count the same: by name',
      [r('Zeta', 20, MEASURED, 9000), r('Alfa', 20, MEASURED, 2000)],
      2000,
      ['Alfa', 'Zeta'],
    ],
    [
      'people never outrank a faster time',
      [r('Big', 40, MEASURED, 9000), r('Small', 20, MEASURED, 10)],
      2000,
      ['Small', 'Big'],
    ],
    [
      'people never outrank better evidence',
      [r('Big', 20, DECLARED, 9000), r('Small', 20, MEASURED, 10)],
      2000,
      ['Small', 'Big'],
    ],
  ] as const)('%s', (_case, list, people, expected) => {
    expect(order([...list], people)).toEqual(expected);
  });

  it.each([
    [2500, 2000, true],
    [2000, 2000, true],
    [1999, 2000, false],
    [null, 1, false],
    [5000, null, null],
  ])('max %s in one event, %s to reach → reached %s', (max, people, expected) => {
    expect(reachedTarget(max, people)).toBe(expected);
  });
});

describe('the next agreement code', () => {
  it.each([
    [['IOM-EC-2026-014'], 'IOM-EC-2026-015'],
    [['IOM-EC-2026-009', 'IOM-EC-2026-014', 'IOM-EC-2026-013'], 'IOM-EC-2026-015'],
    [['IOM-EC-2026-099'], 'IOM-EC-2026-100'],
    [['IOM-EC-2026-999'], 'IOM-EC-2026-1000'],
    [['AC-2026-000041'], 'AC-2026-000042'],
    // The most used pattern wins over a one-off code.
    [['MOU-7', 'IOM-EC-2026-003', 'IOM-EC-2026-002'], 'IOM-EC-2026-004'],
    // On a tie, the newest pattern (codes come newest first).
    [['B-2', 'A-5', 'B-1', 'A-4'], 'B-3'],
    [['Convenio Manta', 'IOM-EC-2026-001'], 'IOM-EC-2026-002'],
    [[], '2026-001'],
    [['Convenio especial'], '2026-001'],
  ])('after %j suggests %s', (codes, expected) => {
    expect(nextAgreementCode(codes, 2026)).toBe(expected);
  });
});

describe('retention alert order', () => {
  const alert = (kind: 'ending' | 'lapsed', daysLeft: number, overall: number | null = 60) => ({
    risk: { kind, daysLeft, endDate: '' },
    overall,
    name: `${kind}${daysLeft}`,
  });
  it('puts the soonest end first and partners gone more than 90 days after, the most recently gone first', () => {
    const sorted = [
      alert('ending', 60),
      alert('lapsed', -200),
      alert('ending', 3),
      alert('lapsed', -91),
      alert('lapsed', -20),
      alert('lapsed', -90),
    ].sort(byUrgency);
    expect(sorted.map((a) => a.name)).toEqual([
      'lapsed-90',
      'lapsed-20',
      'ending3',
      'ending60',
      'lapsed-91',
      'lapsed-200',
    ]);
  });
  it('breaks a tie with the better score', () => {
    expect([alert('ending', 10, 55), alert('ending', 10, 80)].sort(byUrgency).map((a) => a.overall)).toEqual([80, 55]);
  });
});
