#!/usr/bin/env bash
# Walks one case through the whole pathway on a running stack (`npm start` in another terminal),
# with curl, as the people in each role would: referral → two reviews → mapping → decision →
# a declined and an accepted offer → lease → move-in → plans → contacts → an eviction risk and
# its action plan → the 6-month evaluation → exit. Prints the stage and next due date after each
# step, then where to look: the Web UI, the web inbox, the stand-ins.
#   bash scripts/walkthrough.sh   (API_URL, default http://localhost:3000; STANDINS_URL, default :4010;
#   UI_URL, default :8233; INBOX_URL, default :1080: where it points you at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
API="${API_URL:-http://localhost:3000}"
STANDINS="${STANDINS_URL:-http://localhost:4010}"
UI="${UI_URL:-http://localhost:8233}"
INBOX="${INBOX_URL:-http://localhost:1080}"
token() { node_modules/.bin/tsx scripts/token.ts "$@"; }
json() { node -e "const d=JSON.parse(require('fs').readFileSync(0,'utf8')); const v=($1); console.log(typeof v==='string'?v:JSON.stringify(v))"; }
today=$(TZ=Europe/Oslo date +%F)
days() { TZ=Europe/Oslo date -d "$today $1 days" +%F; }

# Every token names its municipality: the case is Stavanger's (Hillevåg's office).
M=stavanger
CW=$(token --role caseworker --office hillevag --sub kari.caseworker)
AT=$(token --role assessment-team --municipality $M --sub vurderingsteam)
HF=$(token --role hf-team --municipality $M --sub ola.oppfolger)
TL=$(token --role team-lead --municipality $M --sub teamleder)
HP=$(token --role housing-provider --municipality $M --sub stavanger.eiendom)

post() { # role-token path body → response body; fails loudly on a non-2xx
  local out status
  out=$(curl -sS -w '\n%{http_code}' -X POST "$API$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$3")
  status=${out##*$'\n'}; out=${out%$'\n'*}
  if [ "${status:0:1}" != 2 ]; then echo "  ✗ POST $2 → $status $out" >&2; exit 1; fi
  printf '%s' "$out"
}
show() { # label
  local view
  view=$(curl -sS "$API/referrals/$ID" -H "Authorization: Bearer $TL")
  printf '  %-44s stage=%-18s next due=%s\n' "$1" "$(echo "$view" | json d.stage)" "$(echo "$view" | json 'd.nextDueAt ?? "–"')"
}

echo "Walking a case through the pathway at $API"
ID=$(post "$CW" /referrals "{\"person\":{\"name\":\"Ola Nordmann\",\"nationalId\":\"01017012343\",\"phone\":\"+47 912 34 567\"},
  \"office\":\"hillevag\",\"criteria\":{\"homeless\":true,\"substanceUse\":true,\"mentalHealth\":true,\"additional\":[\"gjentatte innleggelser\"]},
  \"consent\":{\"given\":true,\"date\":\"$today\",\"scope\":[\"assessment-team\",\"hf-team\",\"nav\",\"housing-provider\"]}}" | json d.id)
echo "  case $ID"
show "caseworker referred"
post "$AT" "/referrals/$ID/reviews" "{\"round\":1,\"outcome\":\"relevant\",\"meetingDate\":\"$today\"}" >/dev/null
show "assessment team: relevant"
post "$HF" "/referrals/$ID/mapping" "{\"followUpWorker\":\"Ola Oppfølger\",\"housingWishes\":{\"areas\":[\"Madla\"],\"type\":\"leilighet\",\"needs\":[\"skjermet inngang\"]},
  \"forms\":{\"mapping\":\"$today\",\"baseline1\":\"$today\",\"baseline2\":\"$today\"},\"mansaBaseline\":3.2}" >/dev/null
show "HF team: mapping done"
post "$AT" "/referrals/$ID/reviews" "{\"round\":2,\"outcome\":\"place-offered\",\"meetingDate\":\"$today\"}" >/dev/null
sleep 1 # the places coordinator answers by signal
show "assessment team: place offered"
post "$TL" "/referrals/$ID/decision" "{\"services\":[{\"kind\":\"oppfølging i hjemmet\",\"hoursPerWeek\":6},{\"kind\":\"helsetjenester i hjemmet\",\"hoursPerWeek\":2}],\"date\":\"$today\",\"reasons\":\"Ola har vært uten fast bolig i to år og ønsker oppfølging hjemme når han har flyttet inn.\"}" >/dev/null
show "team lead: vedtak"
# The housing provider offers units that are free in its system (the stand-in's housing system).
FREE=$(curl -sS -X POST "$STANDINS/housing/units/search" -H 'Content-Type: application/json' \
  -d '{"municipality":"stavanger","areas":["Madla"],"needs":[]}')
[ "$(echo "$FREE" | json 'd.units.length')" -ge 2 ] || { echo "  ✗ fewer than two free units left in the housing stand-in" >&2; exit 1; }
unit() { echo "$FREE" | json "JSON.stringify({unitId:d.units[$1].unitId,address:d.units[$1].address,source:d.units[$1].source,availableFrom:'$today'})"; }
UNIT2=$(echo "$FREE" | json 'd.units[1].unitId')
OFFER=$(post "$HP" "/referrals/$ID/housing-offers" "$(unit 0)" | json d.offerId)
post "$HF" "/referrals/$ID/housing-offers/$OFFER/response" "{\"accepted\":false,\"reason\":\"For nær sentrum\",\"date\":\"$today\"}" >/dev/null
show "offer 1 declined (the place is kept)"
OFFER=$(post "$HP" "/referrals/$ID/housing-offers" "$(unit 1)" | json d.offerId)
post "$HF" "/referrals/$ID/housing-offers/$OFFER/response" "{\"accepted\":true,\"date\":\"$today\"}" >/dev/null
show "offer 2 accepted"
post "$HP" "/referrals/$ID/lease" "{\"unitId\":\"$UNIT2\",\"signedDate\":\"$today\",\"moveInDate\":\"$today\"}" >/dev/null
show "lease signed"
post "$HF" "/referrals/$ID/move-in" "{\"date\":\"$today\"}" >/dev/null
show "moved in"
post "$HF" "/referrals/$ID/plans" "{\"followUpPlan\":\"$today\",\"safetyPlan\":\"$today\",\"individualPlanOffered\":\"$today\"}" >/dev/null
show "follow-up and safety plans"
post "$HF" "/referrals/$ID/contacts" "{\"date\":\"$today\",\"kind\":\"home-visit\",\"minutes\":45}" >/dev/null
show "home visit logged"
RISK=$(post "$HP" "/referrals/$ID/eviction-risks" "{\"kind\":\"eviction-warning\",\"date\":\"$today\"}" | json d.riskId)
show "eviction warning reported"
post "$HF" "/referrals/$ID/eviction-risks/$RISK/action-plan" "{\"date\":\"$today\",\"summary\":\"Nedbetalingsavtale og møte med utleier\"}" >/dev/null
show "action plan registered"
post "$HF" "/referrals/$ID/evaluations" "{\"milestone\":6,\"date\":\"$today\",\"mansaScore\":4.1}" >/dev/null
show "6-month evaluation"
post "$HF" "/referrals/$ID/exit" "{\"reason\":\"moved-away\",\"date\":\"$today\",\"reasons\":\"Personen har flyttet til en annen kommune og ønsker ikke videre oppfølging herfra.\"}" >/dev/null
show "exit: moved away"
INCIDENTS=$(curl -sS "$API/referrals/$ID" -H "Authorization: Bearer $TL" | json 'd.incidents.filter(i=>i.status!=="resolved").map(i=>i.id+" "+i.operation).join(", ")')
[ -z "$INCIDENTS" ] || echo "  ! open incidents on the case: $INCIDENTS"
cat <<MSG

Done. Look at case $ID:
  Web UI     $UI/namespaces/bolig-forst/workflows/$ID
  its log    curl -s $API/referrals/$ID/audit -H "Authorization: Bearer \$(npm run --silent token -- --role team-lead --municipality stavanger)"
  stand-ins  $STANDINS   (case file, journal entries, the decision letter, care registration, NAV notice, lease)
  inbox      $INBOX/index.html   (reminders arrive as deadlines pass; nothing personal in them)
MSG
