/**
 * Stand-ins for the systems behind our own JSON contracts (see the adapters in activities/):
 * the care case system, NAV, the specialist health service and the housing system. Each validates
 * with the system's own schema (schemas.ts, not our adapters'), keeps what arrives, and answers a
 * repeated external reference with the first answer.
 */
import express, { Router } from 'express';
import { Faults, Store } from './common';
import { SEED_UNITS } from './housing-seed';
import {
  careRegistration,
  lease as leaseRequest,
  leaseEnding,
  notice,
  reservation as reservationRequest,
  unitLookup,
  unitSearch,
  type NoticeParty,
  type Unit,
} from './schemas';

const problem = (res: express.Response, status: number, message: string, fields?: string[]) =>
  res.status(status).json({ status, message, ...(fields ? { fields } : {}) });

function fieldsOf(error: { issues: { path: PropertyKey[] }[] }): string[] {
  return error.issues.map((i) => i.path.map(String).join('.') || '(body)');
}

interface CareRecord {
  id: string;
  reference: string;
  receivedAt: string;
  registration: unknown;
}

export function careRouter(dataDir: string, faults: Faults) {
  const store = new Store<CareRecord>(dataDir, 'care');
  const router = Router();
  router.get('/received', (_req, res) => res.json({ items: store.all() }));
  router.put('/decisions/:ref', faults.middleware('care'), express.json(), (req, res) => {
    const parsed = careRegistration.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid registration', fieldsOf(parsed.error));
    if (parsed.data.externalReference !== req.params.ref)
      return problem(res, 400, 'externalReference differs from the path', ['externalReference']);
    const existing = store.get(req.params.ref);
    if (existing) return res.json({ reference: existing.reference, status: 'existing' });
    const item = store.put({
      id: req.params.ref,
      reference: `VEDTAK-${String(store.size + 1).padStart(6, '0')}`,
      receivedAt: new Date().toISOString(),
      registration: parsed.data,
    });
    res.json({ reference: item.reference, status: 'registered' });
  });
  return { router, store };
}

interface NoticeRecord {
  id: string;
  reference: string;
  receivedAt: string;
  notice: unknown;
}

const NOTICE_PREFIX: Record<NoticeParty, string> = { nav: 'NAV', 'specialist-health': 'SHT' };

/** NAV and the specialist health service take the same notice, each at its own address. */
export function partyRouter(party: NoticeParty, dataDir: string, faults: Faults) {
  const store = new Store<NoticeRecord>(dataDir, party);
  const router = Router();
  router.get('/received', (_req, res) => res.json({ items: store.all() }));
  router.put('/notices/:ref', faults.middleware(party), express.json(), (req, res) => {
    const parsed = notice.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid notice', fieldsOf(parsed.error));
    if (parsed.data.party !== party)
      return problem(res, 400, `this is ${party}, not ${parsed.data.party}`, ['party']);
    if (parsed.data.externalReference !== req.params.ref)
      return problem(res, 400, 'externalReference differs from the path', ['externalReference']);
    const existing = store.get(req.params.ref);
    if (existing) return res.json({ reference: existing.reference, status: 'existing' });
    const item = store.put({
      id: req.params.ref,
      reference: `${NOTICE_PREFIX[party]}-${String(store.size + 1).padStart(6, '0')}`,
      receivedAt: new Date().toISOString(),
      notice: parsed.data,
    });
    res.json({ reference: item.reference, status: 'received' });
  });
  return { router, store };
}

interface UnitRecord extends Unit {
  id: string;
  municipality: string;
  reservedBy?: string;
  leasedBy?: string;
}
interface Reservation {
  id: string;
  reservationId: string;
  unitId: string;
  caseReference: string;
  at: string;
}
interface Lease {
  id: string;
  leaseId: string;
  unitId: string;
  caseReference: string;
  signedDate: string;
  moveInDate: string;
  at: string;
  tenant: unknown;
}
interface LeaseEnding {
  id: string;
  unitId: string;
  caseReference: string;
  endDate: string;
  reason: string;
  at: string;
}

export function housingRouter(dataDir: string, faults: Faults) {
  const units = new Store<UnitRecord>(dataDir, 'housing-units');
  if (units.size === 0) for (const u of SEED_UNITS) units.put({ ...u, id: u.unitId });
  const reservations = new Store<Reservation>(dataDir, 'housing-reservations');
  const leases = new Store<Lease>(dataDir, 'housing-leases');
  const endings = new Store<LeaseEnding>(dataDir, 'housing-lease-endings');
  const router = Router();
  const publicUnit = ({ id: _id, municipality: _m, reservedBy: _r, leasedBy: _l, ...u }: UnitRecord): Unit =>
    u;

  router.get('/units', (_req, res) => res.json({ items: units.all() }));
  router.get('/received', (_req, res) =>
    res.json({ reservations: reservations.all(), leases: leases.all(), endings: endings.all() }),
  );

  router.use(faults.middleware('housing'));
  router.post('/units/search', express.json(), (req, res) => {
    const parsed = unitSearch.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid search', fieldsOf(parsed.error));
    res.json({
      units: units
        .all()
        .filter((u) => u.municipality === parsed.data.municipality && !u.reservedBy && !u.leasedBy)
        .map(publicUnit),
    });
  });
  // Whether a unit exists in the municipality (the API asks before it takes an offer): 200 with the
  // unit, 404 when the housing system has no such unit there.
  router.post('/units/lookup', express.json(), (req, res) => {
    const parsed = unitLookup.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid lookup', fieldsOf(parsed.error));
    const unit = units.get(parsed.data.unitId);
    if (!unit || unit.municipality !== parsed.data.municipality)
      return problem(res, 404, 'no such unit', ['unitId']);
    res.json({ unit: publicUnit(unit) });
  });
  router.put('/reservations/:ref', express.json(), (req, res) => {
    const parsed = reservationRequest.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid reservation', fieldsOf(parsed.error));
    const existing = reservations.get(req.params.ref);
    if (existing) return res.json({ reservationId: existing.reservationId, status: 'existing' });
    const unit = units.get(parsed.data.unitId);
    if (!unit) return problem(res, 404, 'no such unit', ['unitId']);
    if ((unit.reservedBy && unit.reservedBy !== parsed.data.caseReference) || unit.leasedBy)
      return problem(res, 409, 'the unit is taken', ['unitId']);
    const r = reservations.put({
      id: req.params.ref,
      reservationId: `RES-${String(reservations.size + 1).padStart(5, '0')}`,
      unitId: unit.unitId,
      caseReference: parsed.data.caseReference,
      at: new Date().toISOString(),
    });
    units.put({ ...unit, reservedBy: parsed.data.caseReference });
    res.json({ reservationId: r.reservationId, status: 'reserved' });
  });
  router.put('/leases/:ref', express.json(), (req, res) => {
    const parsed = leaseRequest.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid lease', fieldsOf(parsed.error));
    const existing = leases.get(req.params.ref);
    if (existing) return res.json({ leaseId: existing.leaseId, status: 'existing' });
    const unit = units.get(parsed.data.unitId);
    if (!unit) return problem(res, 404, 'no such unit', ['unitId']);
    const holder = unit.leasedBy ?? unit.reservedBy;
    if (holder && holder !== parsed.data.caseReference)
      return problem(res, 409, 'the unit is taken', ['unitId']);
    const l = leases.put({
      id: req.params.ref,
      leaseId: `KONTRAKT-${String(leases.size + 1).padStart(5, '0')}`,
      unitId: unit.unitId,
      caseReference: parsed.data.caseReference,
      signedDate: parsed.data.signedDate,
      moveInDate: parsed.data.moveInDate,
      at: new Date().toISOString(),
      tenant: parsed.data.tenant,
    });
    units.put({ ...unit, reservedBy: undefined, leasedBy: parsed.data.caseReference });
    res.json({ leaseId: l.leaseId, status: 'registered' });
  });
  // The lease is over: the unit is freed for the next tenant. A repeated reference gets the first
  // answer; a unit another case holds is refused (409), so the caller raises an incident.
  router.put('/lease-endings/:ref', express.json(), (req, res) => {
    const parsed = leaseEnding.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid lease ending', fieldsOf(parsed.error));
    if (endings.get(req.params.ref)) return res.json({ status: 'existing' });
    const unit = units.get(parsed.data.unitId);
    if (!unit) return problem(res, 404, 'no such unit', ['unitId']);
    const holder = unit.leasedBy ?? unit.reservedBy;
    if (holder && holder !== parsed.data.caseReference)
      return problem(res, 409, 'the unit is let to someone else', ['unitId']);
    endings.put({ id: req.params.ref, ...parsed.data, at: new Date().toISOString() });
    units.put({ ...unit, reservedBy: undefined, leasedBy: undefined });
    res.json({ status: 'ended' });
  });
  return { router, units, reservations, leases, endings };
}
