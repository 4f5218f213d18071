/**
 * People, not only roles (issue 13 item 7): the Housing First team's directory in the profile,
 * each member with an address. A task for the HF team is sent to the person's named follow-up
 * worker (recorded at mapping), with the team lead in copy; a name not in the directory falls
 * back to the team lead as before, and escalations go to the unit leader as before.
 */
export interface TeamMember {
  name: string;
  email: string;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nb');

/** The team member of that name, if the directory has one (case and spacing do not matter). */
export function memberNamed(team: readonly TeamMember[] | undefined, name: string): TeamMember | undefined {
  const wanted = norm(name);
  return team?.find((m) => norm(m.name) === wanted);
}
