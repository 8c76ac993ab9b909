"""Kinds of abusive wording that news-site abuse uses, in four languages.

Abuse under political news is mostly insults, dehumanising talk about groups, threats and calls
to drive people out; few of its words are swear words, and many are rare enough that a model
trained on tweets sees each only a handful of times. Counting them by kind lets the model learn
one weight per kind from every example of that kind, so a word it never saw in training still
counts if it is listed here. Swearing is a kind of its own: its roots take many endings, and
Azerbaijani has no labelled data to learn them from. The lists are written for this project;
each pattern is matched at the start of a word of the normalised text (lower case, Latin
diacritics folded: ``ə``→``e``, ``ı``→``i``, ``ş``→``s``, ``ç``→``c``, ``ğ``→``g``, ``ö``→``o``,
``ü``→``u``; ``ё``→``е``, ``й``→``и``). Russian is also typed in Latin letters ("ty zhalkiy
urod"), so every Russian term also matches its common Latin spellings (:mod:`ml.translit`).

A listed word is evidence, not a verdict: "killed" in a news report and "kill them" in a comment
both count as violence, and the weights learned from labelled data, together with the words
around them, decide how much that means. Threats to the reader ("I know where you live") are a
kind apart from violence words, which news reports use too. Slurs (names for a people, a faith
or an orientation that are insults in themselves) are a kind of their own, apart from the
neutral names of :mod:`ml.identity`, which count for nothing. Kinds that name a group's members as
animals or call for violence or expulsion also count once more when the comment names a group
(:mod:`ml.identity`): abuse aimed at a people, without the name alone counting for anything.
"""

from __future__ import annotations

import re

from ml.translit import latin_pattern
from ml.word_patterns import at_word_start

ABUSE_TERMS: dict[str, tuple[str, ...]] = {
    # Words calling a person stupid, worthless, vile or contemptible.
    "insult": (
        # en
        r"idiot",
        r"moron",
        r"stupid",
        r"dumb",
        r"imbecil",
        r"retard",
        r"fools?\b",
        r"foolish",
        r"loser",
        r"pathetic",
        r"worthless",
        r"disgusting",
        r"clowns?\b",
        r"coward",
        r"ignoran",
        r"brainless",
        r"hypocrit",
        r"lowlife",
        r"creeps?\b",
        r"freaks?\b",
        r"jerks?\b",
        r"scumbag",
        r"shut up",
        r"nitwit",
        r"halfwit",
        r"dimwit",
        r"lunatic",
        r"vile\b",
        r"despicable",
        r"contemptible",
        r"miserable",
        r"shameless",
        r"liars?\b",
        r"traitors?\b",
        r"sellout",
        r"puppets?\b",
        r"thie(?:f|ves)\b",
        r"damn(?:ed)?\b",
        r"cursed\b",
        r"good for nothing",
        r"cretins?\b",
        r"buffoon",
        r"prats?\b",
        r"tossers?\b",
        r"numpty",
        r"pillock",
        r"plonker",
        r"muppets?\b",
        r"sheeple",
        r"brainwash",
        r"libtard",
        r"tards?\b",
        r"cucks?\b",
        r"trolls?\b",
        r"shills?\b",
        r"crooks?\b",
        r"thugs?\b",
        r"bigots?\b",
        r"psychos?\b",
        r"psychopath",
        r"sociopath",
        r"maniacs?\b",
        r"perv(?:s|ert|erts)?\b",
        r"pa?edo(?:s|phile|philes)?\b",
        r"clueless",
        r"delusional",
        r"deranged",
        r"unhinged",
        r"nut ?jobs?\b",
        r"nutcase",
        r"go to hell",
        r"(?:burn|rot) in hell",
        r"drop dead",
        r"ugly",
        r"ignoramus",
        r"simpleton",
        r"knucklehead",
        r"bonehead",
        r"airhead",
        r"fatso",
        r"dolts?\b",
        r"wacko",
        r"kooks?\b",
        r"bozos?\b",
        r"nincompoop",
        r"twerps?\b",
        r"scoundrel",
        r"wretch",
        r"sleaze",
        r"dirtbag",
        r"idioc",
        r"sit down and let the",
        r"let the grown ?ups",
        r"know (?:your|their) place",
        r"spineless",
        r"gutless",
        r"grifter",
        r"stooges?\b",
        r"lapdogs?\b",
        r"bootlick",
        r"numbskull",
        r"dunces?\b",
        r"blockhead",
        r"slimeball",
        r"freeloader",
        r"deadbeat",
        r"oafs?\b",
        r"bimbos?\b",
        r"hags?\b",
        r"harp(?:y|ies)\b",
        r"crones?\b",
        r"brain ?dead",
        r"snowflakes?\b",
        r"rednecks?\b",
        r"commies?\b",
        r"goons?\b",
        # ru
        r"идиот",
        r"дебил",
        # "debil" typed in Latin letters, but not the Azerbaijani "dəbilqə" (helmet)
        r"debil(?!qe)",
        r"дура(?:к|ч|\b)",
        r"дуры\b",
        r"тупо(?:и|го|му|е)",
        r"тупая",
        r"тупые",
        r"тупиц",
        r"кретин",
        r"придур",
        r"урод",
        r"ничтож",
        r"жалк",
        r"мерзк",
        r"мерзав",
        r"подон",
        r"гад(?:ы|ина|ин|ов|ам)?\b",
        r"сволоч",
        r"ублюд",
        r"клоун",
        r"трус",
        r"предател",
        r"лжец",
        r"лжив",
        r"врун",
        r"невежд",
        r"безмозгл",
        r"заткн",
        r"лох(?:и|ов)?\b",
        r"чмо",
        r"негодя",
        r"бездар",
        r"позорищ",
        r"продажн",
        r"холуи",
        r"шестерк",
        r"марионет",
        r"вор(?:ы|ов|ье|ам)?\b",
        r"проклят",
        r"никчемн",
        r"сброд",
        r"отребь",
        r"долб[оа]е?б",
        r"уеб(?:ок|к)",
        r"дегенерат(?!ор)",
        r"имбецил",
        r"олигофрен",
        r"даун(?:ы|ов|ам|ами|ята|енок)?\b",
        r"тупорыл",
        r"лошар",
        r"козл(?:ы|ина|ов|ам)?\b",
        r"козел\b",
        r"петушар",
        r"нищеброд",
        r"шиз(?:ик|оид)",
        r"дибил",
        r"полудур",
        r"недоум",
        r"балабол",
        r"падл",
        r"шут(?:ы|ов|ам|ами)?\b",
        r"лаке(?:и|я|ев|ям|ями)\b",
        r"подхалим",
        r"иуд(?:а|ы|е|у|ои)\b",
        r"шакал",
        r"убог",
        r"олух",
        r"болван",
        r"брехун",
        r"брехл",
        r"пустозвон",
        r"хам(?:ы|ов|ло|ка|ье)?\b",
        r"либераст",
        r"знай(?:те)? сво[е] место",
        r"знали сво[е] место",
        r"знают сво[е] место",
        # tr
        r"aptal",
        r"salak",
        r"gerizekali",
        r"geri zekali",
        r"ahmak",
        r"mal\b",
        r"beyinsiz",
        r"embesil",
        r"serefsiz",
        r"namussuz",
        r"haysiyetsiz",
        r"alcak",
        r"rezil(?! ol)",
        r"igrenc",
        r"ezik",
        r"korkak",
        r"hain",
        r"yalanci",
        r"cahil",
        r"soytari",
        r"asagilik",
        r"kapa cene",
        r"dangalak",
        r"odun\b",
        r"zavalli",
        r"utanmaz",
        r"satilmis",
        r"ucube",
        r"kukla",
        r"usak",
        r"hirsiz",
        r"degersiz",
        r"kahrolasi",
        r"lanet(?:li|olsun)",
        r"kretin",
        r"esek\b",
        r"esekler",
        r"yavsak",
        r"angut",
        r"andaval",
        r"hoduk",
        r"lavuk",
        r"keriz",
        r"enayi",
        r"mankafa",
        r"kafasiz",
        r"it ?oglu",
        r"okuz",
        r"dallama",
        r"dingil",
        r"hiyar\b",
        r"karaktersiz",
        r"terbiyesiz",
        r"ahlaksiz",
        r"edepsiz",
        r"yuzsuz",
        r"arsiz",
        r"sapik",
        r"manyak",
        r"gerzek",
        r"yobaz",
        r"sahtekar",
        r"beyni yikanmis",
        r"bela(?:si)?ni versin",
        r"palyaco",
        r"dalkavuk",
        r"yalaka",
        r"odlek",
        r"haddini(?:zi)? bil",
        r"yerini(?:zi)? bil(?:sin|sinler|in)\b",
        # az
        r"axmaq",
        r"gic\b",
        r"gicbeser",
        r"sarsaq",
        r"deli\b",
        r"bassiz",
        r"qanmaz",
        r"qeyretsiz",
        r"alcaq",
        r"rezil(?! ol)",
        r"iyrenc",
        r"qorxaq",
        r"xain",
        r"yalanci",
        r"telxek",
        r"menfur",
        r"eclaf",
        r"yaramaz",
        r"peyser",
        r"kes sesini",
        r"biabir(?!ciliq)",
        r"yazig",
        r"utanmaz",
        r"satqin",
        r"nokers?\b",
        r"noker",
        r"kukla",
        r"qul\b",
        r"ogru\b",
        r"ogrular",
        r"degersiz",
        r"lenet",
        r"lenete gelmis",
        r"kretin",
        r"essek",
        r"avara",
        r"deyyus",
        r"qurumsaq",
        r"(?:it|kopek|kopey|heyvan|donuz) oglu",
        r"terbiyesiz",
        r"exlaqsiz",
        r"edebsiz",
        r"heyasiz",
        r"abirsiz",
        r"sirtiq",
        r"xaraktersiz",
        r"manyak",
        r"sefeh",
        r"qudurm",
        r"namerd",
        r"biqeyret",
        r"yaltaq",
        r"deleduz",
        r"qoduq",
        r"beyni yuyulmus",
        r"agzini yum",
        r"ceneni yig",
        r"savadsiz",
        r"bisavad",
        r"kutbeyin",
        r"heddini(?:zi)? bil",
        r"hedlerini bil",
        r"yerini(?:zi)? bil(?:sin|sinler|in)\b",
    ),
    # Words making people animals, vermin, dirt or disease.
    "dehumanising": (
        # en
        r"animals?\b",
        r"beasts?\b",
        r"vermin",
        r"parasit",
        r"rats?\b",
        r"cockroach",
        r"roaches",
        r"insects?\b",
        r"pigs?\b",
        r"swine",
        r"dogs?\b",
        r"apes?\b",
        r"monkeys?\b",
        r"savage",
        r"subhuman",
        r"sub human",
        r"filth",
        r"scum",
        r"trash",
        r"garbage",
        r"plague",
        r"disease",
        r"cancer",
        r"infest",
        r"breed(?:s|ing)?\b",
        r"leech",
        r"maggot",
        r"worms?\b",
        r"barbarian",
        r"primitive",
        r"uncivili",
        r"mongrel",
        r"degenerate",
        r"cattle",
        r"herd\b",
        r"lice\b",
        r"not human",
        r"less than human",
        r"stink",
        r"stench",
        r"crawl(?:ed)? (?:back|out)",
        r"in their (?:blood|genes|dna)",
        # ru
        r"животн",
        r"скот(?:ы|ина|ин|ов|ам)?\b",
        r"звер(?:и|ь|ье|еи|ям)\b",
        r"паразит",
        r"крыс",
        r"krys(?:a|y)\b",
        r"таракан",
        r"насеком",
        r"свин(?:ь|ья|ьи|еи|ы)",
        r"собак",
        r"псы\b",
        r"псин",
        r"обезьян",
        r"дикар",
        r"недочелов",
        r"нелюд",
        r"мраз",
        r"отброс",
        r"мусор",
        r"грязн",
        r"чума\b",
        r"зараз",
        r"плодятся",
        r"пиявк",
        r"черв(?:и|ь|еи)\b",
        r"варвар",
        r"выродк",
        r"выродок",
        r"быдл",
        r"твар",
        r"нечист",
        r"стадо",
        r"орд(?:а|ы)\b",
        r"вши\b",
        r"не люди",
        r"воня",
        r"вонюч",
        r"расплод",
        r"нелюди",
        r"гнид",
        r"отродь",
        r"у них в (?:крови|генах)",
        r"в (?:крови|генах) у них",
        # tr
        r"hayvan",
        r"suru\b",
        r"parazit",
        r"sican",
        r"fare(?:ler)?\b",
        r"hamam bocek",
        r"hamambocek",
        r"bocek",
        r"domuz",
        r"kopek",
        r"itler",
        r"maymun",
        r"vahsi",
        r"barbar",
        r"yaratik",
        r"pislik",
        r"copluk",
        r"mikrop",
        r"kanser",
        r"veba\b",
        r"soysuz",
        r"ilkel",
        r"asalak",
        r"suluk",
        r"bitler",
        r"insan degil",
        r"kokut",
        r"kokus",
        r"ure(?:me|yen|yip|mesin|diler|yorlar)",
        r"bela(?:si|sidir|lari)?\b",
        r"cop(?:tur|ler|ten|luk|e)\b",
        r"deliginize",
        r"delige",
        r"hasere",
        r"haserat",
        r"les gibi",
        r"kanlarinda var",
        r"genlerinde var",
        r"kanlarina islemis",
        # az
        r"heyvan",
        r"suru\b",
        r"sicovul",
        r"tarakan",
        r"donuz",
        r"kopek",
        r"meymun",
        r"vehsi",
        r"mexluq",
        r"zibil",
        r"murdar",
        r"mikrob",
        r"xerceng",
        r"ibtidai",
        r"zeli\b",
        r"qurdlar",
        r"insan deyil",
        r"ufunet",
        r"iy verir",
        r"bela(?:si|sidir|lari)?\b",
        r"artib (?:coxal|toreyir)",
        r"toreyir",
        r"deliyinize",
        r"heserat",
        r"les kimi",
        r"qanlarinda var",
        r"genlerinde var",
        r"qanlarina hopub",
    ),
    # Killing, beating, burning and other violence, wished, threatened or reported.
    "violence": (
        # en
        r"kill",
        r"murder",
        r"slaughter",
        r"exterminat",
        r"wipe (?:them|out|it)",
        r"genocid",
        r"shoot",
        r"shot\b",
        r"hang(?:ed|ing)?\b",
        r"lynch",
        r"burn",
        r"behead",
        r"stab",
        r"butcher",
        r"massacre",
        r"die\b",
        r"dies\b",
        r"beat (?:you|them|him|her)",
        r"beaten",
        r"rape",
        r"bomb",
        r"gas them",
        r"execut",
        r"cleans(?:e|ing)",
        r"hunt (?:them|you|down)",
        r"eliminat",
        r"annihilat",
        r"bullet",
        r"strangl",
        r"eradicat",
        r"get rid of them",
        r"whip",
        r"burn(?:ed|ing)? (?:alive|them)",
        r"punch",
        r"slap",
        r"smash (?:your|his|her|their)",
        r"break (?:his|her|their|your) (?:legs|arms|fingers|neck|face|jaw|bones)",
        r"bury (?:them|you|him|her)",
        r"finish (?:them|you|him|her) off",
        r"string (?:him|her|them|\w+) up\b",
        r"(?:line|stand|put) (?:them|him|her) (?:all )?(?:up )?against (?:a|the) wall",
        r"firing squad",
        r"gallows",
        r"noose",
        # ru
        r"уби(?:ть|ва|и|л|т)",
        r"убью",
        r"убьем",
        r"убьют",
        r"убе(?:и|ите)\b",
        r"зареж",
        r"перереж",
        r"вырез",
        r"резать",
        r"расстрел",
        r"пристрел",
        r"застрел",
        r"стрелять",
        r"повес",
        r"вешать",
        r"сжечь",
        r"сожг",
        r"сжига",
        r"уничтож",
        r"истреб",
        r"сдох",
        r"подох",
        r"передав(?:ить|лю|им|ят|или)",
        r"замоч",
        r"мочить",
        r"изби",
        r"избит",
        r"насил",
        r"взорв",
        r"геноцид",
        r"зачист",
        r"добить",
        r"прибить",
        r"прибью",
        r"порву",
        r"задуш",
        r"резня",
        r"казн",
        r"кнут",
        r"искорен",
        r"горят",
        r"сгор",
        r"сжеч",
        r"избав(?:иться|ить) от них",
        r"перелома(?:ть|ю|ем)",
        r"сломать (?:руки|ноги|пальцы|шею|челюсть)",
        r"трепк",
        r"отлуп",
        r"вздут",
        r"вздую",
        r"всыпать",
        r"отметел",
        r"набить (?:морду|рожу)",
        r"морду (?:набить|набью)",
        r"начист(?:ить|ят|им) (?:морду|рыло|рожу)",
        r"разорв(?:ать|у|ем|ут)\b",
        r"уро(?:ю|ем)\b",
        r"грохн",
        r"прикончи",
        r"свернуть шею",
        r"шею сверн",
        r"голову оторв",
        r"башку (?:оторв|сверн|проломл)",
        r"в порошок",
        r"пинками",
        r"втащ(?:у|ить)\b",
        r"навалять",
        r"пул[юяи] в (?:лоб|голову|затылок)",
        r"(?:к|на) стенк",
        r"виселиц",
        # tr
        r"oldur",
        r"gebert",
        r"geber",
        r"bogazla",
        r"bogaz(?:ini|lari)",
        r"kursun",
        r"katlet",
        r"katliam",
        r"soykirim",
        r"yok et",
        r"yok edil",
        r"dogra",
        r"dov(?:mek|ecek|un|eri|dur)",
        r"dayak",
        r"tecavuz",
        r"patlat",
        r"kafasini (?:kes|kir|ezi)",
        r"kafalarini",
        r"asin\b",
        r"asilsin",
        r"yakin (?:hepsini|onlari)",
        r"yakilsin",
        r"kan (?:dokul|akit)",
        r"temizle(?:yin|necek|meli)",
        r"ezin\b",
        r"ezilsin",
        r"yan(?:sin|sinlar|masini|malari)\b",
        r"yak(?:sin|silar|ilsin|mali)\b",
        r"kokunu kaz",
        r"kokunu kurut",
        r"kirbac",
        r"yok ol(?:acak|sun|malı|mali)",
        r"kafasina sik(?:mak|mali|in|acagim)",
        r"alnina sik",
        r"kursunu hak",
        r"asmak lazim",
        r"asilmali",
        r"asilmasi (?:lazim|gerek)",
        r"dar ?agac",
        r"idam edil(?:meli|sin)",
        r"idam edin\b",
        # az
        r"oldurul",
        r"gullele",
        r"qirin",
        r"qirmaq",
        r"qirilsin",
        r"qiriri",
        r"qirgin",
        r"mehv (?:et|edil|olsun)",
        r"soyqirim",
        r"qetl",
        r"doy(?:mek|ecey|un|erem)",
        r"teca?vuz",
        r"partlat",
        r"yandir",
        r"yandirin",
        r"asilsin",
        r"asin\b",
        r"bogun\b",
        r"qan(?:ini|larini) tok",
        r"basini (?:kes|ez|yar)",
        r"basini kesin",
        r"temizle(?:yin|mek|nmeli)",
        r"yan(?:sin|sinlar|masina|malari)\b",
        r"kokunu (?:kes|kaz|qurut)",
        r"qamci",
        r"yox ol(?:acaq|sun|mali)",
        r"kotek",
        r"gulleni hak",
        r"basina gulle",
        r"alnina gulle",
        r"asmaq lazim",
        r"asilmali",
    ),
    # Threats to the reader or the author: "I know where you live", "you will regret it".
    "threat": (
        # en
        r"i know where you live",
        r"you ll regret",
        r"you will regret",
        r"watch your back",
        r"your days are numbered",
        r"(?:we|i) (?:will|ll) find you",
        r"break your",
        r"(?:shouldn t|should not|won t|will not|never) wake up (?:tomorrow|again)",
        r"(?:won t|will not) (?:be )?walk(?:ing)? away",
        r"(?:someone|we|they) (?:will|ll) come (?:for|and find|find) you",
        r"careful walking home",
        r"(?:get|gets|got|getting) what (?:s|is) coming",
        # ru
        r"не долж(?:ен|на|ны) проснуться",
        r"знаю,? где ты жив",
        r"пожалеешь",
        r"пожалеете",
        r"наид(?:у|ем) тебя",
        r"слома(?:ю|ть|ем)",
        r"ноги (?:переломаю|оторву)",
        r"своими ногами не (?:уид|уход|уше|вернет|выид|выход|доид)",
        r"не (?:уидет|вернется|выидет) своими ногами",
        r"(?:к тебе|за тобои|к вам|за вами) (?:обязательно |скоро )?придут",
        # tr
        r"uyanmamali\b",
        r"nerede yasadigini",
        r"pisman olacak",
        r"seni bul(?:acag|uruz|ur)",
        r"kir(?:acagim|arim|arız|ariz)\b",
        r"kendi ayagiyla (?:donemez|cikamaz|gidemez|donmeyecek|cikmayacak|gitmeyecek)",
        r"gelip bulur(?:uz|lar)?\b",
        # az
        r"oyanmamali(?:dir|dirlar)?\b",
        r"harada yasadigini",
        r"pesman olacaq",
        r"seni tap(?:acag|ib|ariq)",
        r"sindir(?:maq|acag|aram)",
        r"oz ayagi ile (?:qayida bilmeyecek|cixa bilmeyecek|getmeyecek|qayitmayacaq|cixmayacaq)",
        r"gelib tapacag",
    ),
    # Calls to drive people out (deport them, go back, you do not belong here), and wishes to
    # see a people gone altogether, wiped off the map.
    "expulsion": (
        # en
        r"deport",
        r"go back",
        r"get out",
        r"kick (?:them|out|all)",
        r"throw (?:them|out)",
        r"send (?:them|all) back",
        r"send them",
        r"ban (?:them|all)",
        r"expel",
        r"don t belong",
        r"dont belong",
        r"do not belong",
        r"not welcome",
        r"should not exist",
        r"shouldn t exist",
        r"out of our country",
        r"stay out",
        r"keep them out",
        r"invader",
        r"invasion",
        r"infiltrat",
        r"pack (?:up|your)",
        r"leave our",
        r"drive (?:them|all|out)",
        r"crawl back",
        r"go home",
        r"they (?:will|ll) (?:all )?be gone",
        r"gone for good",
        r"rid of (?:them|these|those|all|you)\b",
        r"wiped? (?:them |you |it )?off the",
        r"off the face of",
        r"face of the earth",
        r"(?:they|you) (?:should|must|will) (?:all )?(?:disappear|vanish)",
        r"disappear forever",
        r"ethnic cleansing",
        r"cleanse (?:the|our|this)",
        r"eradicate (?:them|all|these|those)",
        r"world without (?:them|you)",
        r"watch (?:them|you|it|the \w+) burn",
        r"let (?:them|it) burn",
        r"never hire",
        r"(?:don t|do not|dont) hire (?:them|any|a single|these|those)",
        r"(?:never|don t|do not|dont) rent (?:to|them|a flat|an apartment|a room)",
        r"keep (?:them|these|those|\w+) out of our",
        r"no place for them",
        r"(?:put|load|pack|throw|ship) (?:them|all of them|every (?:last )?one of (?:them|the \w+)"
        r"|the \w+) (?:all )?(?:on|onto|into) (?:a |the )?"
        r"(?:bus|buses|train|trains|truck|trucks|plane|planes|boat|boats)\b",
        # ru
        r"депорт",
        r"выгн(?:ать|ать|ал|ите)",
        r"выгон",
        r"убираитесь",
        r"убираися",
        r"вал(?:и|ите)\b",
        r"вон из",
        r"пошли вон",
        r"выслать",
        r"высыл",
        r"выселить",
        r"высел",
        r"гнать",
        r"гоните",
        r"не место",
        r"понаех",
        r"оккупант",
        r"захватчик",
        r"чемодан",
        r"не нужны",
        r"нам не нужн",
        r"обратно в сво",
        r"выброс(?:ить|ьте)",
        r"(?:вы|они) (?:все )?исчезн(?:ут|ете|ите|и)\b",
        r"чтоб(?:ы)? (?:вас|их|тебя) не было",
        r"с лица земли",
        r"избавить(?:ся)? от (?:вас|этих|таких)",
        r"зачистить (?:их|всех|страну|город)",
        r"очистить (?:страну|землю|город) от",
        r"не сдава(?:йте|ть) (?:им|квартир|жиль|дом)",
        r"квартир\w* \w+ не сдава",
        r"не нанима(?:йте|ть)\b",
        r"не бер(?:ите|ем) (?:их )?на работу",
        r"на работу (?:их )?не бр(?:ать|ите)",
        r"не пуска(?:ть|йте) (?:их|сюда|в страну|в город)",
        r"за сто первый километр",
        r"обратно дороги не",
        r"(?:погрузить|посадить|загрузить) (?:их |всех )+(?:в|на) "
        r"(?:автобус|поезд|вагон|грузовик|самолет|баржу|эшелон)",
        # tr
        r"sinir disi",
        r"defol",
        r"kov(?:un|ul|mak|alim|sunlar)",
        r"gitsin",
        r"gitsinler",
        r"geri gonder",
        r"istila",
        r"isgalci",
        r"istemiyoruz",
        r"yeri yok",
        r"ulkemizden",
        r"ulkeden (?:at|kov|cik)",
        r"evinize don",
        r"ulkenize don",
        r"gelmesin",
        r"geri don(?:un|sunler|sunlar)",
        r"sokmamak",
        r"sokmayin",
        r"silinsin",
        r"haritadan sil",
        r"yeryuzunden sil",
        r"ev vermeyin",
        r"ev kiralamayin",
        r"ise almayin\b",
        r"ise alinmasin",
        r"(?:otobuse|otobuslere|trene|trenlere|kamyona|kamyonlara|gemiye|gemilere) "
        r"bindir(?:in|ip|elim|mek)",
        # az
        r"deport",
        r"redd ol",
        r"qov(?:un|maq|ul|sunlar|aq)",
        r"cixsin",
        r"cixin\b",
        r"cixsinlar",
        r"getsinler",
        r"geri gonder",
        r"isgalci",
        r"istemirik",
        r"yeri yox",
        r"olkemizden",
        r"olkeden (?:qov|cixar|at)",
        r"olkenize qayit",
        r"evinize qayit",
        r"gelmesinler",
        r"geri qayit(?:in|sinlar|sinler)",
        r"buraxmaq olmaz",
        r"buraxmayin",
        r"yer uzunden sil",
        r"xeriteden sil",
        r"kiraye vermeyin",
        r"ise goturmeyin",
        r"(?:avtobusa|avtobuslara|qatara|qatarlara|gemiye|gemilere) mindir(?:in|ib|ek|mek)",
    ),
    # Slurs: names for a people, a faith or an orientation that are insults in themselves.
    # Counted apart from the neutral names of :mod:`ml.identity`, which count for nothing.
    "slur": (
        # en
        r"nigg(?:er|ers|a|as|az)\b",
        r"sand ?niggers?\b",
        r"fag(?:s|got|gots|gy)?\b",
        r"kikes?\b",
        r"spics?\b",
        r"gooks?\b",
        r"wetbacks?\b",
        r"ragheads?\b",
        r"towelheads?\b",
        r"coons?\b",
        r"darkies?\b",
        r"trann(?:y|ies)\b",
        r"dykes?\b",
        r"homos?\b",
        r"muzzies?\b",
        # ru
        r"хач(?:и|ей|ам|ами|ье|ьё|ья|ы)?\b",
        r"чурк(?:а|и|у|ой|ам|ами)\b",
        r"чурок\b",
        r"жид(?:ы|ов|ам|ами|овск|яр|енок|ята)?\b",
        r"хохл(?:ы|ов|ам|ами|а|у|ушк)?\b",
        r"хохол\b",
        r"москал(?:ь|и|ей|ям|ями)\b",
        r"кацап",
        r"черножоп",
        r"черномаз",
        r"нерусь",
        r"чучмек",
        r"узкоглаз",
        r"азер(?:ы|ов|ам|ами)\b",
        r"армяшк",
        r"пиндос",
        r"америкос",
        r"зверьк",
        r"гомик",
        r"ватник(?:и|ов|ам|ами)\b",
        r"рашист",
        # tr
        r"ermeni (?:dolu|tohumu|piclig)",
        r"kiro\b",
        r"gavur(?:lar|u|un|a)?\b",
        # az
        r"diga(?:lar|nin|ya|ni|lari|larin|lara)?\b",
        r"xacperest",
        r"cuska",
    ),
    # Swear words and obscenities, including the roots of Russian mat and Turkish and
    # Azerbaijani küfür, also typed in Latin letters. Casual swearing is abuse on a news site's
    # comments too; counted as a kind, an inflection or a language the training data rarely
    # holds still counts.
    "profanity": (
        # en
        r"fuck",
        r"motherfuck",
        r"f[ck]k?in\b",
        r"shit",
        r"bullshit",
        r"bitch",
        r"cunts?\b",
        r"asshole",
        r"arsehole",
        r"dickhead",
        r"bastard",
        r"pissed\b",
        r"piss off",
        r"wank",
        r"twats?\b",
        r"pricks?\b",
        r"crap\b",
        r"crappy",
        r"bollocks",
        r"douche",
        r"sluts?\b",
        r"whores?\b",
        r"wtf\b",
        r"stfu\b",
        r"goddamn",
        r"ass(?:es)?\b",
        r"asshat",
        r"dumbass",
        r"jackass",
        r"smartass",
        r"arse\b",
        r"kiss my",
        r"dicks?\b",
        r"cocks?\b",
        r"cocksuck",
        r"puss(?:y|ies)\b",
        r"skanks?\b",
        r"hoes?\b",
        r"screw (?:you|off|them|him|her)",
        r"suck my",
        r"dipshit",
        r"horseshit",
        r"batshit",
        r"dumbfuck",
        r"clusterfuck",
        r"fck\b",
        r"fuk",
        r"fkn\b",
        r"effing",
        r"frigg?in",
        r"bugger",
        r"kys\b",
        # ru, in Cyrillic and in Latin letters
        r"ху[иеяю]",
        r"(?:на|по|о|за|ни)ху[иеяю]",
        r"пизд",
        r"(?:вы|за|от|у|до|на|по|пере|раз)?[ъь]?еба(?:т|л|н|ть)",
        r"ебу\b",
        r"ебл",
        r"бля(?:д|ть|\b)",
        r"блеать",
        r"сук(?:а|и|у|ин)\b",
        r"сучк",
        r"муда(?:к|ч)",
        r"мудил",
        r"мудозвон",
        r"залуп",
        r"г[ао]ндон",
        r"пид[оа]р",
        r"педик",
        r"шлюх",
        r"херн(?:я|ю|и)",
        r"(?:на|по)хер\b",
        r"дерьм",
        r"отпизд",
        r"blya",
        r"blyad",
        r"suka\b",
        r"suki\b",
        r"pizd",
        r"na?xu[iy]",
        r"nahu[iy]",
        r"xu[iy]\b",
        r"eban",
        r"mudak",
        r"mudaki",
        r"pidor",
        r"gandon",
        r"hernya",
        r"dermo\b",
        # tr
        r"siktir",
        r"siker(?:im|iz|ler)",
        r"sikim\b",
        r"sikik",
        r"sikey",
        r"sokayim",
        r"amk\b",
        r"aq\b",
        r"amina",
        r"amcik",
        r"orospu",
        r"pic\b",
        r"pic(?:ler|lik|in)\b",
        r"yarra?k",
        r"gotveren",
        r"gotlek",
        r"kahpe",
        r"pezevenk",
        r"ibne",
        r"gavat",
        r"kaltak",
        r"hassiktir",
        r"kevase",
        r"surtuk",
        r"sillik",
        r"fahise",
        r"durzu",
        r"bok\b",
        r"boktan",
        r"bokunu",
        r"sokarim",
        r"godos",
        r"got(?:un|une|unu|unden|e|ten)\b",
        # az
        r"qehbe",
        r"gehbe",
        r"peseveng",
        r"pesseveng",
        r"dillaq",
        r"sikdir",
        r"sikerem",
        r"amciq",
        r"qanciq",
        r"ogras",
        r"blyat",
    ),
}

GROUP_AIMED_KINDS = ("dehumanising", "violence", "expulsion")


def _closing_parenthesis(term: str) -> int:
    depth = 0
    for index, char in enumerate(term):
        if char == "(" and term[index - 1 : index] != "\\":
            depth += 1
        elif char == ")" and term[index - 1 : index] != "\\":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"{term!r}: unbalanced parentheses")


def _top_level_alternatives(group: str) -> list[str]:
    alternatives, depth, last = [], 0, 0
    for index, char in enumerate(group):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            alternatives.append(group[last:index])
            last = index + 1
    return [*alternatives, group[last:]]


def letter_first(term: str) -> list[str]:
    """``term`` as alternatives that each start with a letter, in the order the regular
    expression engine would try them: ``(?:на|по)хер`` becomes ``нахер``, ``похер``, and an
    optional opening such as ``(?:вы|за)?[ъь]?еба`` lists every form with it before the one
    without."""
    if term[:1].isalpha():
        if term[1:2] in ("*", "+", "{"):
            raise ValueError(f"{term!r}: a repeated first letter is not supported")
        if term[1:2] == "?":
            rest = letter_first(term[2:])
            return [term[0] + alternative for alternative in rest] + rest
        return [term]
    if term.startswith("(?:"):
        end = _closing_parenthesis(term)
        openings = _top_level_alternatives(term[3:end])
    elif term.startswith("[") and term[1 : term.find("]")].isalpha():
        end = term.find("]")
        openings = list(term[1:end])
    else:
        raise ValueError(f"{term!r} must open with a letter, a group or a set of letters")
    optional = term[end + 1 : end + 2] == "?"
    rest = term[end + 2 :] if optional else term[end + 1 :]
    expanded = [alternative for opening in openings for alternative in letter_first(opening + rest)]
    return expanded + (letter_first(rest) if optional else [])


# Russian terms whose Latin spelling is an ordinary word elsewhere: "nasil" (Turkish "how"),
# "trus" (trust), "dura" and "durak" (Turkish "stop"), "huy" (Turkish "temper"), "oxuy"
# (Azerbaijani "read"), "vali" (Turkish "governor"), "orda" (Turkish "there"), "kris", "psy",
# "azeri", "ebat" (Turkish "size"), "ebu", "bleat", "derm" (Azerbaijani "derman", medicine),
# "shut", "jude", "ham" (Turkish "raw", Azerbaijani "xam").
# Some of them are spelt out by hand in the lists instead, with the endings that tell them apart.
_NOT_IN_LATIN = frozenset(
    {
        r"дебил",
        r"дура(?:к|ч|\b)",
        r"трус",
        r"лох(?:и|ов)?\b",
        r"крыс",
        r"псы\b",
        r"орд(?:а|ы)\b",
        r"насил",
        r"вал(?:и|ите)\b",
        r"азер(?:ы|ов|ам|ами)\b",
        r"ху[иеяю]",
        r"(?:на|по|о|за|ни)ху[иеяю]",
        r"(?:вы|за|от|у|до|на|по|пере|раз)?[ъь]?еба(?:т|л|н|ть)",
        r"ебу\b",
        r"блеать",
        r"дерьм",
        r"дегенерат(?!ор)",
        r"шут(?:ы|ов|ам|ами)?\b",
        r"иуд(?:а|ы|е|у|ои)\b",
        r"хам(?:ы|ов|ло|ка|ье)?\b",
    }
)


def _with_latin_spellings(terms: tuple[str, ...]) -> list[str]:
    """``terms`` and, after them, the Latin spellings of their Russian ones (Russian typed in
    Latin letters, :mod:`ml.translit`)."""
    latin = [latin_pattern(term) for term in terms if term not in _NOT_IN_LATIN]
    return list(dict.fromkeys([*terms, *(term for term in latin if term is not None)]))


# The terms each kind matches: its list, and its Russian words in Latin letters.
_MATCHED = {kind: _with_latin_spellings(terms) for kind, terms in ABUSE_TERMS.items()}
# Every term of each kind spelt out as alternatives that open with a letter.
_ALTERNATIVES = {
    kind: [alternative for term in terms for alternative in letter_first(term)]
    for kind, terms in _MATCHED.items()
}
# Any term of any kind; which kind a match is, is told by the kinds' own patterns in order, as
# one alternation of every kind in that order would tell it.
_PATTERN = at_word_start([a for alternatives in _ALTERNATIVES.values() for a in alternatives])
_KIND_PATTERNS = {kind: re.compile("|".join(terms)) for kind, terms in _MATCHED.items()}


# Quoted passages: «…», “…”, „…“, "…" and '…' (apostrophes inside words do not open one).
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")
_QUOTE_MARKS = "«“„\"'"

QUOTED = "quoted"

# Harm wished on someone in so many words: a wish ("I hope", "пусть", "umarım", "kaş") and,
# later in the same sentence, something that harms (a fire, a crash, dying). Vanishing is left
# out: a pothole or a toll booth is wished away as often as a person. Neither half is abusive
# alone, and the wording of such wishes varies too much for a list of phrases; the two halves
# are few. Counted apart from the kinds above, by a pattern of its own. The lists go by
# language, as the kinds do; a word Turkish and Azerbaijani share is listed under both.
HARM_WISH = "harm_wish"
_WISHES = (
    # en
    r"i hope",
    r"hope (?:that|the|they|he|she|you|your|it|his|her|their)\b",
    r"i wish",
    r"wish (?:that|the|he|she|they|you|your|his|her|their)\b",
    r"may (?:he|she|they|you|your|it|his|her|their)\b",
    r"let (?:him|her|them)\b",
    r"(?:would be|be) (?:better|nice|great|good)(?: for \w+)? if",
    r"can t wait (?:for|until|till)",
    r"the sooner",
    # ru
    r"надеюсь",
    # "чтоб", not "чтобы": that is also "in order to" ("чтобы вас предупредить о пожаре")
    r"чтоб (?:ты|вы|он|она|они|тебя|вас|его|ее|их|твои|твоя|твое|твоих|ваш|ваша|ваши)\b",
    r"пусть",
    r"хоть бы",
    r"лучше бы",
    r"было бы лучше",
    r"желаю",
    r"дай бог",
    r"скорее бы",
    # tr
    r"umarim",
    r"insallah",
    r"keske",
    r"dilerim",
    r"daha iyi olur",
    # az
    r"umid edirem",
    r"kas\b",
    r"insallah",
    r"arzulayiram",
    r"daha yaxsi olar",
)
_HARMS = (
    # en
    r"fires?\b",
    r"burn(?:s|ed|ing|t)?\b",
    r"die\b",
    r"dies\b",
    r"dead",
    r"death",
    r"crash",
    r"fly off",
    r"drown",
    r"choke",
    r"cancer",
    r"explode",
    r"blow(?:n)? up",
    r"accident",
    r"rot\b",
    r"starve",
    r"suffer",
    r"perish",
    r"flood",
    r"earthquake",
    # ru
    r"пожар",
    r"сгор(?:ел|ела|ели|ят|ите|и|ишь)\b",
    r"сгни",
    r"умр(?:ут|ете|и|ешь|ет)\b",
    r"умер(?:ли|ла)?\b",
    r"сдох",
    r"подох",
    r"смерт",
    r"разби(?:лся|лась|лись)\b",
    r"слетел",
    r"утон",
    r"подавил",
    r"рак\b",
    r"взорв",
    r"авари",
    r"наводнен",
    r"землетрясен",
    r"мучи(?:лся|лись|лась)\b",
    # tr
    r"yangin",
    r"yan(?:sin|sinlar)\b",
    r"geber",
    r"kaza(?:da|ya|lar)?\b",
    r"kaza gecir",
    r"uc(?:sun|sunlar)\b",
    r"bogul",
    r"kanser",
    r"sel\b",
    r"deprem",
    r"patla(?:sin|sinlar)\b",
    r"curu",
    r"aci cek",
    # az
    r"yangin",
    r"yan(?:sin|sinlar)\b",
    r"gebers",
    r"qeza(?:da|ya)?\b",
    r"as(?:sin|sinlar)\b",
    r"bogul",
    r"xerceng",
    r"sel\b",
    r"zelzele",
    r"partla(?:sin|sinlar)\b",
    r"curu",
    r"ezab cek",
)
# Words that turn a wish into care, before or after the harm in the same sentence: "I hope
# nobody was hurt in the fire", "hope the fire is put out soon", "umarım kimse yaralanmamıştır".
_NEGATIONS = (
    r"no|not|nobody|no one|none|never",
    r"не|ни|никто|никого|никому",
    r"kimse|hic|degil",
    r"hec|deyil",
)
_CARE = (
    r"safe|surviv|rescu|help|put out|recover|over\b|ends?\b|stops?\b|nobody|no one",
    r"спас|выжи|помо|потуш|никто|никого",
    r"kurtar|yardim|iyiles|sag salim|sondur|kimse|hic kimse",
    r"xilas|komek|salamat|sondur|hec kim|kimse",
)

# The wish words alone, for a quick scan, and the plain letters each opens with, for a quicker
# one: most comments hold none of them, and the whole pattern is tried only where one stands.
_WISH_FORMS = list(dict.fromkeys(a for wish in _WISHES for a in letter_first(wish)))
_WISH = at_word_start(_WISH_FORMS)
_WISH_OPENINGS = {re.escape(re.match(r"[^\\()\[?*+{|]*", a).group(0)) for a in _WISH_FORMS}
_ANY_WISH_OPENING = re.compile(f"(?<!\\w)(?:{'|'.join(sorted(_WISH_OPENINGS))})")


def _either(terms: tuple[str, ...]) -> str:
    """``terms`` as one alternation, each listed once."""
    return "|".join(dict.fromkeys(terms))


_HARM_WISH = re.compile(
    rf"(?:{_either(_WISHES)})"
    rf"(?:(?!(?<!\w)(?:(?:{_either(_NEGATIONS)})(?!\w)|{_either(_CARE)}))[^.!?;]){{0,80}}?"
    rf"(?<!\w)(?:{_either(_HARMS)})"
    rf"(?![^.!?;]*(?<!\w)(?:{_either(_CARE)}))"
)

_CONTRACTION = re.compile(r"(?<=\w)['’](?=\w)")


# Masked words: letters hidden behind "*" or "#" after the first ("f*ck", "с#ка", "sh*t").
_MASKS = "*#"
_VOWELS = frozenset("aeiouyаеиоуыэюя")
_MASKED_WORD = re.compile(r"(?<![\w*#])[^\W\d_]+[*#][\w*#]*")
# Where a masked word could be more than one listed word, swearing and slurs are the likelier:
# they are what people mask.
_UNMASKING_ORDER = ("profanity", "slur", "insult", "dehumanising", "threat", "violence")


def _literal_stem(alternative: str) -> str:
    """The letters a term's alternative always opens with ("fool" for ``fools?\\b``), or ""
    for a phrase, whose first word alone ("you" of "you ll regret") is no listed word."""
    stem = re.match(r"[^\W\d_]*", alternative).group(0)  # type: ignore[union-attr]
    following = alternative[len(stem) : len(stem) + 1]
    if following == " ":
        return ""
    return stem[:-1] if following in ("?", "*", "{") else stem


def _stems_by_length() -> dict[int, list[str]]:
    stems: dict[int, list[str]] = {}
    ordered = [*_UNMASKING_ORDER, *(k for k in ABUSE_TERMS if k not in _UNMASKING_ORDER)]
    for kind in ordered:
        for alternative in _ALTERNATIVES[kind]:
            stem = _literal_stem(alternative)
            if len(stem) >= 3 and stem not in stems.get(len(stem), []):
                stems.setdefault(len(stem), []).append(stem)
    return stems


_STEMS = _stems_by_length()
_LONGEST_STEM = max(_STEMS)


def _unmask_word(word: str) -> str:
    """``word`` with its masked letters filled in from the longest listed stem it can open
    with, or as it was. Only vowels count as masked ("f*ck", "с*ка", "id*ot"): that is how
    people mask a word they still want read, while a hidden consonant leaves too many words
    ("е*ли" is "если" far more often than an obscenity). At least two letters must show, no
    fewer than are hidden, and the word filled in must be a listed word."""
    for length in range(min(len(word), _LONGEST_STEM), 2, -1):
        prefix = word[:length]
        hidden = sum(prefix.count(mask) for mask in _MASKS)
        if not hidden or length - hidden < max(2, hidden):
            continue
        for stem in _STEMS.get(length, ()):
            if all(
                a == b or (a in _MASKS and b in _VOWELS) for a, b in zip(prefix, stem, strict=True)
            ):
                unmasked = stem + word[length:]
                if _PATTERN.match(unmasked):
                    return unmasked
    return word


def unmask(normalised: str) -> str:
    """Normalised text with masked listed words spelt out; the length is unchanged."""
    if "*" not in normalised and "#" not in normalised:
        return normalised
    return _MASKED_WORD.sub(lambda match: _unmask_word(match.group(0)), normalised)


# Every name abuse_counts counts under, in the order its result lists them.
COUNTED = (*ABUSE_TERMS, QUOTED, HARM_WISH)


def abuse_counts(normalised: str) -> dict[str, int]:
    """How many words of each kind of :data:`ABUSE_TERMS` the normalised text holds, and how
    many words of any kind stand inside quotation marks (under :data:`QUOTED`), and how many
    wishes of harm it makes (under :data:`HARM_WISH`).

    A quoted word is counted as quoted only, not as its kind: "calling refugees 'vermin' is
    disgusting" quotes abuse to condemn it, and the weight of quoting is learned apart. A
    masked word counts as the listed word it can only be (:func:`unmask`).
    """
    counts = dict.fromkeys(COUNTED, 0)
    # "don't", "you'll": the lists spell contractions with a space, as "don t", "you ll".
    if "'" in normalised or "’" in normalised:
        normalised = _CONTRACTION.sub(" ", normalised)
    normalised = unmask(normalised)
    quoted = (
        [m.span() for m in _QUOTED.finditer(normalised)]
        if any(mark in normalised for mark in _QUOTE_MARKS)
        else []
    )
    for match in _PATTERN.finditer(normalised):
        start = match.start()
        kind = next(k for k, pattern in _KIND_PATTERNS.items() if pattern.match(normalised, start))
        counts[QUOTED if any(a < start < b for a, b in quoted) else kind] += 1
    if _ANY_WISH_OPENING.search(normalised):
        counts[HARM_WISH] = sum(
            not any(a < wish.start() < b for a, b in quoted)
            and _HARM_WISH.match(normalised, wish.start()) is not None
            for wish in _WISH.finditer(normalised)
        )
    return counts
