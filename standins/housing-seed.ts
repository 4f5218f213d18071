/**
 * Units the housing stand-in starts with: ordinary flats spread over ordinary neighbourhoods, as
 * the programme asks. Municipal flats in Stavanger and Sandnes, private rentals in Bergen.
 * Features use the words the HF team records as needs in mapping.
 */
import type { HousingUnit } from '../activities/types';

type Seed = HousingUnit & { municipality: string };

const unit = (
  municipality: string,
  unitId: string,
  address: string,
  area: string,
  type: string,
  features: string[],
  source: 'municipal' | 'private',
  availableFrom: string,
): Seed => ({ municipality, unitId, address, area, type, features, source, availableFrom });

export const SEED_UNITS: Seed[] = [
  unit('stavanger', 'STV-1001', 'Hillevågsveien 12, 4016 Stavanger', 'Hillevåg', 'flat', ['ground-floor'], 'municipal', '2026-12-01'),
  unit('stavanger', 'STV-1002', 'Madlaveien 140, 4042 Stavanger', 'Madla', 'flat', ['own-entrance', 'shielded-entrance'], 'municipal', '2026-12-15'),
  unit('stavanger', 'STV-1003', 'Storhaugsgata 3, 4014 Stavanger', 'Storhaug', 'bedsit', [], 'municipal', '2027-01-01'),
  unit('stavanger', 'STV-1004', 'Tastarustå 20, 4027 Stavanger', 'Tasta', 'flat', ['pets-allowed', 'own-entrance'], 'municipal', '2026-12-01'),
  unit('stavanger', 'STV-1005', 'Hundvågveien 55, 4085 Stavanger', 'Hundvåg', 'house', ['own-entrance', 'shielded-entrance', 'garden'], 'municipal', '2027-02-01'),
  unit('sandnes', 'SND-2001', 'Langgata 40, 4306 Sandnes', 'Sentrum', 'flat', ['ground-floor'], 'municipal', '2026-12-01'),
  unit('sandnes', 'SND-2002', 'Austråttveien 8, 4310 Sandnes', 'Austrått', 'flat', ['own-entrance'], 'municipal', '2027-01-15'),
  unit('sandnes', 'SND-2003', 'Hanaveien 21, 4327 Sandnes', 'Hana', 'house', ['own-entrance', 'shielded-entrance', 'pets-allowed'], 'municipal', '2026-12-20'),
  unit('bergen', 'BGO-3001', 'Sandviksveien 70, 5035 Bergen', 'Bergenhus', 'flat', ['own-entrance'], 'private', '2026-12-01'),
  unit('bergen', 'BGO-3002', 'Kanalveien 15, 5068 Bergen', 'Årstad', 'flat', ['ground-floor', 'shielded-entrance'], 'private', '2027-01-01'),
  unit('bergen', 'BGO-3003', 'Fjøsangerveien 101, 5059 Bergen', 'Årstad', 'bedsit', [], 'private', '2026-12-10'),
];
