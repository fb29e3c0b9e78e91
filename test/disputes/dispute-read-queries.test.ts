import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { countStatements } from '../helpers/statement-count.helper';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';

// How many statements reading a dispute costs. A relation added to the view
// later must not quietly add a query per entry (or a dozen per request): the
// bounds are what the read measured when they were set (issue 14), so raising
// one is a decision to make in review, not an accident.

// Each bound counts the session lookup, which the session cache
// (session-cache.ts) saves when the token was used in the last moments.
// Reading (dispute-reading.ts): the dispute with its people, its timeline
// with the authors, its extensions, its attached articles and, for staff,
// the questions put to the judges: one statement. The category's newest
// articles are remembered (newest-articles.ts): the filings below read them.
const READ = { sqlite: 2, mysql: 2 };
// A page that is not full tells its own total: one statement.
const LIST_PAGE = 2;
// Filing, whole: 2 narrow reads before the transaction (the agencies it may
// need, the village's cadres; the category's newest articles are remembered
// from the filing before), BEGIN … COMMIT around the rest:
// the resident locked with their day's filings and consent, the mediators'
// loads, the report summary (dispute_stat), the serial, the dispute's rows,
// and its notices and deadline reminders in one INSERT.
const FILING = 13;
// What the filing does while it holds the year's serial counter (every
// filing waits for it on MySQL): the dispute, its first timeline line, the
// audit record, the reminder plan, the outbox rows, COMMIT.
const AFTER_SERIAL = 6;

eachDb('reading a dispute with a timeline of several authors, a page of the list and a filing cost a fixed number of statements', async (t, db) => {
  const h = await startHarness(db);
  const counter = countStatements(db.ds);
  try {
    const { people } = await seedDistrict(h, {
      agencies: pick(NANSHI_AGENCIES, ['committee', 'centre', 'court', 'town']),
      people: pick(NANSHI_PEOPLE, ['mediator', 'judge']),
    });
    const resident = await residentToken(h, 'read-queries');
    const filed = await ok(
      h.request('POST', '/api/disputes', {
        token: resident,
        body: { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true },
      }),
      201,
    );
    counter.take();
    await ok(h.request('POST', '/api/disputes', { token: resident, body: { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true } }), 201);
    const filing = counter.take();
    t.true(filing.length <= FILING, `filing: ${filing.length} statements, at most ${FILING} expected:\n${filing.join('\n')}`);
    const serialAt = filing.findIndex((sql) => /^INSERT INTO [`"]counter[`"]/.test(sql));
    t.true(serialAt > 0, 'the filing takes a serial');
    t.true(filing.length - serialAt - 1 <= AFTER_SERIAL, `after the serial: ${filing.slice(serialAt + 1).join('\n')}`);
    // A timeline with entries by the resident and the mediator: per-entry queries would show.
    for (let i = 0; i < 3; i++) {
      await ok(h.request('POST', `/api/disputes/${filed.id}/messages`, { token: resident, body: { body: `第 ${i + 1} 次留言：杂物还在` } }), 201);
      await ok(h.request('POST', `/api/disputes/${filed.id}/messages`, { token: people.mediator.token, body: { body: `第 ${i + 1} 次回复：已联系物业` } }), 201);
    }

    const cases: Array<[string, string, string, number]> = [
      ['the resident reads their dispute', `/api/disputes/${filed.id}`, resident, READ[db.kind]],
      ['the mediator reads it', `/api/disputes/${filed.id}`, people.mediator.token, READ[db.kind]],
      ['the mediator lists a page', '/api/disputes?page=1&pageSize=20', people.mediator.token, LIST_PAGE],
    ];
    for (const [title, path, token, bound] of cases) {
      counter.take();
      const r = await h.request('GET', path, { token });
      const statements = counter.take();
      t.is(r.status, 200, title);
      t.true(statements.length <= bound, `${title}: ${statements.length} statements, at most ${bound} expected:\n${statements.join('\n')}`);
    }
    // What the reads showed is still the whole dispute.
    const read = await ok(h.request('GET', `/api/disputes/${filed.id}`, { token: resident }), 200);
    t.is(read.timeline.length, 7);
    t.is(read.contactPhone, '13800001111');
  } finally {
    counter.restore();
    await h.close();
  }
});
