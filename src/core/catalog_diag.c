/* SPDX-License-Identifier: MIT */
/*
 * The catalogue's entries: the Czech of every diagnostic's format (keyed by the English
 * format exactly as written at its call site) and of the phrases that diagnostics and the
 * report put into them (stage names, words chosen at run time, read with %#s). Written by
 * hand for planners: each Czech format takes its key's conversions in the same order (see
 * core/catalog.h); test_catalog checks that, and that every call site has its entry.
 */
#include "core/catalog.h"

const struct dosah_catalog_entry dosah_catalog_diag[] = {
    /* diagnostics */
    {"a piece of the road network (%u nodes, %zu %s; %s %s) is not connected to the "
     "largest piece (%zu nodes): points snapped to it reach only services on the same "
     "piece; join it with a shared vertex where the roads meet, or remove it",
     "část silniční sítě (%u %{uzel|uzly|uzlů}, %zu %.0s%{úsek|úseky|úseků}; %#s %s) není "
     "spojena s největší částí (%zu %{uzel|uzly|uzlů}): body k ní přichycené dosáhnou jen "
     "na služby na téže části; připojte ji společným vrcholem tam, kde se silnice "
     "potkávají, nebo ji odstraňte"},
    {"%zu more %s of the road network (%zu nodes in all) %s not connected to the largest "
     "piece",
     "%zu %.0s%{další část silniční sítě není spojena|další části silniční sítě nejsou "
     "spojeny|dalších částí silniční sítě není spojeno} s největší částí (celkem %zu "
     "%{uzel|uzly|uzlů})%.0s"},
    {"%zu of the %zu nodes of the largest piece of the road network cannot both be "
     "reached from and lead back to the rest of it because of one-way restrictions "
     "(features %s); check the one-way field of these lines",
     "%zu z %zu uzlů největší části silniční sítě nelze kvůli jednosměrným omezením "
     "zároveň dosáhnout ze zbytku sítě a vrátit se z nich do něj (prvky %s); zkontrolujte "
     "u těchto linií pole jednosměrnosti"},
    {"the %g min catchment of '%s' disagrees with the computed times at %zu of %zu "
     "checked demand points",
     "spádová oblast %g min služby '%s' nesouhlasí s vypočtenými dobami v %zu z %zu "
     "kontrolovaných bodů poptávky"},
    {"%s%s%sno road to snap to: unreachable (its times are NULL)",
     "%#s%s%sžádná silnice, ke které by šlo přichytit: bez dostupnosti (doby jsou NULL)"},
    {"%s%s%s%.0f m from the nearest road, beyond snap_max_m = %.0f m: unreachable (its "
     "times are NULL)",
     "%#s%s%s%.0f m od nejbližší silnice, dál než snap_max_m = %.0f m: bez dostupnosti "
     "(doby jsou NULL)"},
    {"lies on a piece of the road network smaller than network.min_piece_nodes = %.0f "
     "nodes and is snapped to it: it reaches only what that piece reaches",
     "leží na části silniční sítě menší než network.min_piece_nodes = %.0f "
     "%{uzel|uzly|uzlů} a je k ní přichycen: dosáhne jen tam, kam dosáhne tato část"},
    {"where people are placed: %zu %s (%s)",
     "kde jsou umístěni obyvatelé: %zu %.0s%{bod poptávky|body poptávky|bodů poptávky} "
     "(%s)"},
    {"%zu %s farther than %.0f m from the road network; the farthest is '%s'%s%s%s (%s), "
     "%.0f m away. See snap_m and access_min in the demand layer%s.",
     "%zu %.0s%{bod poptávky leží|body poptávky leží|bodů poptávky leží} dál než %.0f m "
     "od silniční sítě; nejvzdálenější je '%s'%s%s%s (%s), %.0f m daleko. Viz snap_m a "
     "access_min ve vrstvě demand%#s."},
    {"no service answers '%s' (%s); every time is NULL",
     "na otázku '%s' (%s) neodpovídá žádná služba; všechny doby jsou NULL"},
    {"%u facilities of '%s' in this region have no capacity: its capacity and shortfall "
     "are unknown (NULL)",
     "%u zařízení služby '%s' v tomto regionu %{nemá|nemají|nemá} kapacitu: kapacita "
     "regionu a chybějící kapacita nejsou známy (NULL)"},
    {"%zu of the %zu services answering '%s' have no opening hours; they count as open in "
     "every time window",
     "%zu z %zu služeb odpovídajících na otázku '%s' nemá otevírací dobu; počítají se "
     "jako otevřené ve všech časových oknech"},
    {"no candidate site of '%s' reaches anyone within %g min in the OD matrix; the matrix "
     "needs rows from the candidates' ids (%s, ...) to the demand ids",
     "žádné kandidátní místo pro '%s' v matici OD nedosáhne do %g min na nikoho; matice "
     "potřebuje řádky od id kandidátů (%s, ...) k id bodů poptávky"},
    {"plan[%zu]: %s",
     "plan[%zu]: %s"},
    {"plan[%zu] asks for candidates in gap regions, but '%s' has no norm_per_10k or "
     "target_share, or there are no regions; no proposal",
     "plan[%zu] žádá kandidáty v regionech s nedostatkem, ale '%s' nemá norm_per_10k ani "
     "target_share, nebo nejsou zadány regiony; žádný návrh"},
    {"its territorial scope names %s, which match no municipality; write municipality "
     "names or codes (parts after '+')",
     "její územní působnost uvádí %s, což neodpovídá žádné obci; uveďte názvy nebo kódy "
     "obcí (části za '+')"},
    {"%zu of the feed's %zu %s %s farther than snap_max_m = %.0f m from the roads; nobody "
     "walks to %s",
     "%zu z %zu %.0s%.0szastávek jízdního řádu leží dál než snap_max_m = %.0f m od "
     "silnic; pěšky k nim nikdo nedojde%.0s"},
    {"GTFS: %zu %s, %zu %s, %zu %s (frequencies expanded), %zu %s, %zu %s, %zu %s",
     "GTFS: %zu %.0s%{zastávka|zastávky|zastávek}, %zu %.0s%{linka|linky|linek}, %zu "
     "%.0s%{spoj|spoje|spojů} (včetně rozepsaných frequencies), %zu %.0s%{čas "
     "zastavení|časy zastavení|časů zastavení}, %zu %.0s%{kalendář provozu|kalendáře "
     "provozu|kalendářů provozu}, %zu %.0s%{přestup|přestupy|přestupů}"},
    {"some demand or locality ids are also service ids, so every pair is read only in the "
     "direction its question needs (facility to point for field services, point to "
     "facility otherwise)",
     "některá id bodů poptávky nebo lokalit jsou zároveň id služeb, proto se každá "
     "dvojice čte jen ve směru, který potřebuje její otázka (u terénních služeb od "
     "zařízení k bodu, jinak od bodu k zařízení)"},
    {"%s %s%s%s%s has no time to '%s' (%s): %s%.0s; %s_unreached_reason = %s",
     "%#s %s%s%s%s nemá dobu dojezdu k '%s' (%s): %.0s%s; %s_unreached_reason = %s"},
    {"%zu %s%s%.0s %s no time to '%s' (%s), %s_unreached_reason = %s: %s%s%.0s; %s%s%.0s",
     "%zu %#s%.0s%s %.0s%{nemá|nemají|nemá} dobu dojezdu k '%s' (%s), %s_unreached_reason "
     "= %s: %s%.0s%s; %#s%.0s%s"},
    {"it lies %.0f m from the nearest road, beyond network.snap_max_m = %.0f m",
     "leží %.0f m od nejbližší silnice, dál než network.snap_max_m = %.0f m"},
    {"there is no road to snap it to",
     "není žádná silnice, ke které by šlo přichytit"},
    {"no service answers the question",
     "na otázku neodpovídá žádná služba"},
    {"none of the question's %zu %s lies within network.snap_max_m = %.0f m of a road",
     "žádná z %zu %.0s%{služby|služeb|služeb} otázky neleží do network.snap_max_m = %.0f "
     "m od silnice"},
    {"its road is on piece %u of the network (the roads layer's 'component'), which no "
     "service of the question is on",
     "nejbližší silnice leží na části sítě č. %u (pole 'component' vrstvy roads), na "
     "které není žádná služba otázky"},
    {"one-way roads allow no route %s on piece %u of the network, although the question "
     "has a service on it",
     "jednosměrné silnice nedovolují žádnou cestu %#s na části sítě č. %u, přestože na ní "
     "je služba otázky"},
    {"public transport (or a walk) reaches no service of the question in at least half of "
     "the departures of the time window",
     "veřejná doprava (ani chůze) nedovede k žádné službě otázky alespoň v polovině "
     "odjezdů časového okna"},
    {"the OD matrix has no row between it and a service of the question",
     "matice OD nemá pro tento prvek žádný řádek se službou otázky"},
    {"it has no demand point with people%s to average the time over",
     "nemá žádný bod poptávky s obyvateli%#s, přes který by se doba zprůměrovala"},
    {"unknown",
     "neznámý důvod"},
    {" and %zu more",
     " a %zu %{další|další|dalších}"},
    {" (%.0f %s)",
     " (%.0f %.0s%{obyvatel|obyvatelé|obyvatel})"},
    {" To place each municipality's people at its point in '%s' (RÚIAN's definition "
     "point, in the built-up area) rather than by the road-density rule, add 'point: %s'.",
     " Chcete-li obyvatele každé obce umístit do jejího bodu ve sloupci '%s' (definiční "
     "bod RÚIAN, v zastavěném území) místo podle hustoty silnic, přidejte 'point: %s'."},
    {"the layer has %d geometry columns (%s); reading '%s' for the %s input. Name another "
     "with 'geometry:' on the input.%s%.0s",
     "vrstva má %d %{geometrický sloupec|geometrické sloupce|geometrických sloupců} (%s); "
     "čte se '%s' pro vstup %s. Jiný určete klíčem 'geometry:' u vstupu.%.0s%s"},
    {"%zu %s in no region of the regions input (the first: '%s'); %s in no region's "
     "figures",
     "%zu %.0s%{obec neleží|obce neleží|obcí neleží} v žádném regionu vstupu regions "
     "(první: '%s'); %.0s%{nezapočítává se|nezapočítávají se|nezapočítává se} do údajů "
     "žádného regionu"},
    {"the municipalities carry no region code (no 'region:' mapped): each of the %zu "
     "belongs to the region its point on surface lies in",
     "obce nemají kód regionu (není přiřazen klíčem 'region:'): každá z %zu obcí patří do "
     "regionu, ve kterém leží její vnitřní bod"},
    {"%zu %s on no day: no weekday is 1 and calendar_dates.txt adds no date (first: line "
     "%lu, service_id '%s'); %s trips never run",
     "%zu %.0s%{kalendář provozu neplatí|kalendáře provozu neplatí|kalendářů provozu "
     "neplatí} v žádný den: žádný den v týdnu nemá 1 a calendar_dates.txt nepřidává žádné "
     "datum (první: řádek %lu, service_id '%s'); %.0spříslušné spoje nikdy nejedou"},
    {"%zu %s a service_id that neither calendar.txt nor calendar_dates.txt lists (first: "
     "%s): %s on no day and %s left out",
     "%zu %.0s%{spoj má|spoje mají|spojů má} service_id, které neuvádí calendar.txt ani "
     "calendar_dates.txt (první: %s): %.0s%{nejede|nejedou|nejede} v žádný den a %.0s%{je "
     "vynechán|jsou vynechány|je vynecháno}"},
    {"population joined by code: %zu %s read, %zu %s of %zu matched (population %.0f); "
     "%zu %s no municipality%s%s%s",
     "počty obyvatel připojeny podle kódu: %zu %.0s%{řádek přečten|řádky přečteny|řádků "
     "přečteno}, %zu %.0s%{obec spárována|obce spárovány|obcí spárováno} z %zu (obyvatel: "
     "%.0f); %zu %.0s%{řádek neodpovídá|řádky neodpovídají|řádků neodpovídá} žádné "
     "obci%#s%s%#s"},
    {"%zu code%s more than once, with the same population (%s); each counts once",
     "%zu %{kód se vyskytuje|kódy se vyskytují|kódů se vyskytuje}%.0s víckrát, se stejným "
     "počtem obyvatel (%s); každý se počítá jednou"},
    {"%zu row%s no code (%s); skipped",
     "%zu %{řádek nemá|řádky nemají|řádků nemá}%.0s kód (%s); "
     "%{vynechán|vynechány|vynecháno}"},
    {"population spread over %zu %s: by the flats of their buildings in %zu %s (%zu %s "
     "without a flat count got their municipality's mean flats per point), evenly in %zu "
     "(no flats known)",
     "obyvatelé rozděleni do %zu %.0s%{adresního místa|adresních míst|adresních míst}: "
     "podle bytů v jejich budovách v %zu %.0s%{obci|obcích|obcích} (%zu %.0s%{místo bez "
     "počtu bytů dostalo|místa bez počtu bytů dostala|míst bez počtu bytů dostalo} "
     "průměrný počet bytů na místo ve své obci), rovnoměrně v %zu (počty bytů neznámé)"},
    {"%zu %s no address point (the first: '%s'); %s one demand point with the whole "
     "population (where: the demand layer's placement)",
     "%zu %.0s%{obec nemá|obce nemají|obcí nemá} žádné adresní místo (první: '%s'); "
     "%.0s%{ponechává si|každá si ponechává|každá si ponechává} jeden bod poptávky s "
     "celým počtem obyvatel (kde: pole placement vrstvy demand)"},
    {"%zu %s in no municipality; %s no population",
     "%zu %.0s%{adresní místo neleží|adresní místa neleží|adresních míst neleží} v žádné "
     "obci; %.0s%{nedostává|nedostávají|nedostává} žádné obyvatele"},
    {"OpenStreetMap: %zu ways with a highway tag, %zu kept as roads for cars (%zu "
     "one-way, %zu of them by a roundabout or motorway without a oneway tag); left out: "
     "%zu by their highway value (%s), %zu areas (area=yes), %zu closed to cars (access "
     "tags), %zu cut by the extract's edge",
     "OpenStreetMap: %zu %{cesta|cesty|cest} se značkou highway, %zu "
     "%{ponechána|ponechány|ponecháno} jako silnice pro auta (%zu "
     "%{jednosměrná|jednosměrné|jednosměrných}, z toho %zu jako kruhový objezd nebo "
     "dálnice bez značky oneway); vynecháno: %zu podle hodnoty highway (%#s), %zu "
     "%{plocha|plochy|ploch} (area=yes), %zu %{uzavřena|uzavřeny|uzavřeno} pro auta "
     "(značky access), %zu %{přerušena|přerušeny|přerušeno} okrajem výřezu"},
    {"maxspeed lowered the class speed of %zu roads; %zu maxspeed values were not "
     "understood%s%s%s and the class speed applies there",
     "značka maxspeed snížila rychlost třídy u %zu %{silnice|silnic|silnic}; %zu "
     "%{hodnota|hodnoty|hodnot} maxspeed %{nebyla srozumitelná|nebyly srozumitelné|nebylo "
     "srozumitelných}%#s%s%s a platí tam rychlost třídy"},
    {"%zu roads have a oneway value that is not yes, no, -1 or reverse (first: %s); they "
     "are read as two-way",
     "%zu %{silnice má|silnice mají|silnic má} hodnotu oneway jinou než yes, no, -1 nebo "
     "reverse (první: %s); %{čte se jako obousměrná|čtou se jako obousměrné|čtou se jako "
     "obousměrné}"},
    {"%zu %s of zero length (every vertex at one point; the first is fid %ld) carry no "
     "travel and nothing snaps to them. Fix or remove them.",
     "%zu %.0s%{linie silnice má|linie silnic mají|linií silnic má} nulovou délku, nevede "
     "po %{ní|nich|nich} žádná cesta a nic se k %{ní|nim|nim} nepřichytí; %{opravte "
     "ji|opravte je|opravte je}, nebo %{ji|je|je} odstraňte (všechny vrcholy v jednom "
     "bodě; první je fid %ld)."},
    {"%zu %s fewer than two stop times and %s left out (first: trip '%s' at line %lu of "
     "trips.txt, with %u %s)",
     "%zu %.0s%{spoj má|spoje mají|spojů má} méně než dvě zastavení a %.0s%{je "
     "vynechán|jsou vynechány|je vynecháno} (první: spoj '%s' na řádku %lu souboru "
     "trips.txt, s %u %.0s%{zastavením|zastaveními|zastaveními})"},
    {"%zu %s not used: between stations rather than stops, or of types 0, 1, 4 and 5 "
     "(dosah uses 2, a minimum time, and 3, no transfer)",
     "%zu %.0s%{přestup se nepoužívá|přestupy se nepoužívají|přestupů se nepoužívá}: jsou "
     "mezi stanicemi místo zastávek, nebo typu 0, 1, 4 a 5 (dosah používá typ 2, "
     "minimální čas, a 3, přestup není možný)"},
    {"population raster: %zu cells with people (population %.0f) of %d x %d in band %ld; "
     "each is a demand point at the cell's centre",
     "rastr obyvatel: %zu %{buňka|buňky|buněk} s obyvateli (obyvatel: %.0f) z %d × %d v "
     "pásmu %ld; každá je bodem poptávky ve středu buňky"},
    {"%zu cells with population %.0f lie in no municipality; they count in no area's "
     "figures",
     "%zu %{buňka neleží v žádné obci a nezapočítává se|buňky neleží v žádné obci a "
     "nezapočítávají se|buněk neleží v žádné obci a nezapočítává se} do údajů žádného "
     "území (obyvatel: %.0f)"},
    {"the point lies in no municipality; it counts in no area's figures",
     "bod neleží v žádné obci; nezapočítává se do údajů žádného území"},
    {"capacity is missing; capacity measures leave this service out",
     "chybí kapacita; ukazatele kapacity tuto službu vynechávají"},
    {"ČÚZK address points: %zu file%s, %zu row%s; %zu without coordinates and %zu of "
     "other municipalities skipped",
     "adresní místa ČÚZK: %zu %{soubor|soubory|souborů}%.0s, %zu "
     "%{řádek|řádky|řádků}%.0s; vynecháno %zu bez souřadnic a %zu z jiných obcí"},
    {"%zu %s no coordinates and %s skipped",
     "%zu %.0s%{adresní místo nemá|adresní místa nemají|adresních míst nemá} souřadnice a "
     "%.0s%{je vynecháno|jsou vynechána|je vynecháno}"},
    {"roads clipped to the study area widened by %.0f m (network.clip_buffer_m): %zu road "
     "lines kept",
     "silnice oříznuty na zájmové území rozšířené o %.0f m (network.clip_buffer_m): %zu "
     "%{linie silnice zůstala|linie silnic zůstaly|linií silnic zůstalo}"},
    {"the demand points of municipality '%s' hold %.1f people, its population is %.1f; "
     "area figures use the demand points",
     "body poptávky obce '%s' mají %.1f obyvatel, obec jich má %.1f; údaje za území "
     "vycházejí z bodů poptávky"},
    {"%zu %s %s no geometry%s%s%s (empty or NULL) and %s skipped (the first: %s); %s",
     "%zu %#s %.0s%{nemá|nemají|nemá} geometrii%#s%s%s (prázdnou nebo NULL) a %{vynechává "
     "se|vynechávají se|vynechává se}%.0s (první: %s); %#s"},
    /* phrases */
    {"load",
     "načtení vstupů"},
    {"network",
     "silniční síť"},
    {"route",
     "výpočet dojezdových dob"},
    {"catchment",
     "spádové oblasti"},
    {"measure",
     "výpočet ukazatelů"},
    {"plan",
     "návrh nové kapacity"},
    {"scope",
     "územní působnost"},
    {"what-if: ",
     "varianta se změnami: "},
    {"municipality ",
     "obec "},
    {"feature",
     "prvek"},
    {"features",
     "prvky"},
    {"; a point per municipality can be given with 'point:' on the municipalities",
     "; bod pro každou obec lze zadat klíčem 'point:' u obcí"},
    {" (e.g. ",
     " (např. "},
    {"; rows of other regions are expected in a national table)",
     "; u celostátní tabulky se řádky jiných krajů očekávají)"},
    {"none",
     "žádná"},
    {" (first: ",
     " (první: "},
    {" in the column '",
     " ve sloupci '"},
    {"the first: ",
     "první: "},
    {"from a service to the point",
     "od služby k bodu"},
    {"from the point to a service",
     "od bodu ke službě"},
    {" of the question's target group",
     " z cílové skupiny otázky"},
    {"address point",
     "adresní místo|adresní místa|adresních míst"},
    {"address points",
     "adresní místo|adresní místa|adresních míst"},
    {"demand point",
     "bod poptávky|body poptávky|bodů poptávky"},
    {"demand points",
     "bod poptávky|body poptávky|bodů poptávky"},
    {"municipality",
     "obec|obce|obcí"},
    {"municipalities",
     "obec|obce|obcí"},
    {"excluded locality",
     "vyloučená lokalita|vyloučené lokality|vyloučených lokalit"},
    {"excluded localities",
     "vyloučená lokalita|vyloučené lokality|vyloučených lokalit"},
    {"a service given by one of their codes needs its own x and y",
     "služba zadaná některým z jejich kódů potřebuje vlastní x a y"},
    {"their municipality's population is spread over the others",
     "obyvatelé jejich obce se rozdělí mezi ostatní body"},
};

const size_t dosah_catalog_diag_count = sizeof dosah_catalog_diag / sizeof dosah_catalog_diag[0];
