"""Templated comments for the unintended-bias metrics (:mod:`ml.bias`), written for this project.

Four families per language, in the manner of news-site comments under regional political news:

- ``CIVIL_MENTION``: civil comments that name a group, friendly, neutral or critical-but-civil;
- ``ABUSIVE_MENTION``: insults, dehumanisation and threats aimed at a group;
- ``ABUSIVE_PLAIN``: insults and threats aimed at a reader or the author, naming no group;
- ``CIVIL_PLAIN``: civil comments naming no group.

Each mention template is filled with every identity, so within a language the civil and abusive
comments about Armenians and about women differ only in the group's name: any gap between
identities is the model's doing, not the text's.

Placeholders name grammatical forms of the group, always in the plural (``{nom}``, ``{gen}``,
``{dat}``, ``{acc}``, ``{ins}``, ``{pre}``, ``{abl}``, ``{loc}``, as each language needs); a
capitalised placeholder (``{Nom}``) puts the form at the start of a sentence. Russian forms are
given per identity (animate plurals: accusative = genitive); ``{o_pre}`` is the prepositional
with its preposition, ``об`` before a vowel (``об армянах``, ``о русских``). Azerbaijani and
Turkish forms are derived from the plural, whose case endings are fully regular (``-lar``/``-lər``,
``-lar``/``-ler`` decide every vowel after them); templates never put a harmonising particle
(``da``/``də``, ``-dır``) right after a placeholder.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("az", "ru", "en", "tr")

IDENTITIES = (
    "armenians",
    "azerbaijanis",
    "russians",
    "georgians",
    "iranians",
    "turks",
    "kurds",
    "ukrainians",
    "muslims",
    "christians",
    "jews",
    "women",
    "gay people",
    "migrants",
    "refugees",
    "black people",
    "chinese",
    "roma",
)

# --- identity forms ---------------------------------------------------------------------------

_EN: dict[str, str] = {
    "armenians": "Armenians",
    "azerbaijanis": "Azerbaijanis",
    "russians": "Russians",
    "georgians": "Georgians",
    "iranians": "Iranians",
    "turks": "Turks",
    "kurds": "Kurds",
    "ukrainians": "Ukrainians",
    "muslims": "Muslims",
    "christians": "Christians",
    "jews": "Jews",
    "women": "women",
    "gay people": "gay people",
    "migrants": "migrants",
    "refugees": "refugees",
    "black people": "Black people",
    "chinese": "Chinese people",
    "roma": "Roma people",
}

# Nominative, genitive (= accusative), dative, instrumental, prepositional plural.
_RU: dict[str, tuple[str, str, str, str, str]] = {
    "armenians": ("армяне", "армян", "армянам", "армянами", "армянах"),
    "azerbaijanis": (
        "азербайджанцы",
        "азербайджанцев",
        "азербайджанцам",
        "азербайджанцами",
        "азербайджанцах",
    ),
    "russians": ("русские", "русских", "русским", "русскими", "русских"),
    "georgians": ("грузины", "грузин", "грузинам", "грузинами", "грузинах"),
    "iranians": ("иранцы", "иранцев", "иранцам", "иранцами", "иранцах"),
    "turks": ("турки", "турок", "туркам", "турками", "турках"),
    "kurds": ("курды", "курдов", "курдам", "курдами", "курдах"),
    "ukrainians": ("украинцы", "украинцев", "украинцам", "украинцами", "украинцах"),
    "muslims": ("мусульмане", "мусульман", "мусульманам", "мусульманами", "мусульманах"),
    "christians": ("христиане", "христиан", "христианам", "христианами", "христианах"),
    "jews": ("евреи", "евреев", "евреям", "евреями", "евреях"),
    "women": ("женщины", "женщин", "женщинам", "женщинами", "женщинах"),
    "gay people": ("геи", "геев", "геям", "геями", "геях"),
    "migrants": ("мигранты", "мигрантов", "мигрантам", "мигрантами", "мигрантах"),
    "refugees": ("беженцы", "беженцев", "беженцам", "беженцами", "беженцах"),
    "black people": ("чернокожие", "чернокожих", "чернокожим", "чернокожими", "чернокожих"),
    "chinese": ("китайцы", "китайцев", "китайцам", "китайцами", "китайцах"),
    "roma": ("цыгане", "цыган", "цыганам", "цыганами", "цыганах"),
}

# Nominative plural; Azerbaijani writes peoples and faiths in lower case.
_AZ: dict[str, str] = {
    "armenians": "ermənilər",
    "azerbaijanis": "azərbaycanlılar",
    "russians": "ruslar",
    "georgians": "gürcülər",
    "iranians": "iranlılar",
    "turks": "türklər",
    "kurds": "kürdlər",
    "ukrainians": "ukraynalılar",
    "muslims": "müsəlmanlar",
    "christians": "xristianlar",
    "jews": "yəhudilər",
    "women": "qadınlar",
    "gay people": "geylər",
    "migrants": "miqrantlar",
    "refugees": "qaçqınlar",
    "black people": "qaradərililər",
    "chinese": "çinlilər",
    "roma": "qaraçılar",
}

# Nominative plural; Turkish capitalises peoples and faiths.
_TR: dict[str, str] = {
    "armenians": "Ermeniler",
    "azerbaijanis": "Azerbaycanlılar",
    "russians": "Ruslar",
    "georgians": "Gürcüler",
    "iranians": "İranlılar",
    "turks": "Türkler",
    "kurds": "Kürtler",
    "ukrainians": "Ukraynalılar",
    "muslims": "Müslümanlar",
    "christians": "Hristiyanlar",
    "jews": "Yahudiler",
    "women": "kadınlar",
    "gay people": "eşcinseller",
    "migrants": "göçmenler",
    "refugees": "mülteciler",
    "black people": "siyahiler",
    "chinese": "Çinliler",
    "roma": "Çingeneler",
}

# Case endings after the plural suffix: genitive, dative, accusative, ablative, locative.
_TURKIC_CASES: dict[str, dict[str, tuple[str, str, str, str, str]]] = {
    "az": {"lar": ("ın", "a", "ı", "dan", "da"), "lər": ("in", "ə", "i", "dən", "də")},
    "tr": {"lar": ("ın", "a", "ı", "dan", "da"), "ler": ("in", "e", "i", "den", "de")},
}


def _turkic_forms(plural: str, language: str) -> dict[str, str]:
    suffix = plural[-3:]
    gen, dat, acc, abl, loc = _TURKIC_CASES[language][suffix]
    return {
        "nom": plural,
        "gen": plural + gen,
        "dat": plural + dat,
        "acc": plural + acc,
        "abl": plural + abl,
        "loc": plural + loc,
    }


def _capitalise(word: str, language: str) -> str:
    first = word[0]
    if language in ("az", "tr"):
        first = {"i": "İ", "ı": "I"}.get(first, first.upper())
    else:
        first = first.upper()
    return first + word[1:]


def forms(language: str, identity: str) -> dict[str, str]:
    """Every placeholder an identity fills in ``language``, capitalised variants included."""
    if language == "en":
        base = {"nom": _EN[identity]}
    elif language == "ru":
        nom, gen, dat, ins, pre = _RU[identity]
        about = "об" if pre[0] in "аиоуэ" else "о"
        base = {"nom": nom, "gen": gen, "acc": gen, "dat": dat, "ins": ins, "pre": pre}
        base["o_pre"] = f"{about} {pre}"
    elif language == "az":
        base = _turkic_forms(_AZ[identity], "az")
    elif language == "tr":
        base = _turkic_forms(_TR[identity], "tr")
    else:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    capitalised = {key.capitalize(): _capitalise(value, language) for key, value in base.items()}
    return {**base, **capitalised}


# --- templates --------------------------------------------------------------------------------

CIVIL_MENTION: dict[str, tuple[str, ...]] = {
    "en": (
        "My neighbours are {nom} and they were the first to help us after the flood.",
        "The organisations that speak for {nom} should have commented on this much earlier; "
        "their silence helped nobody.",
        "I grew up in the same courtyard as {nom}, and this article gets their everyday life "
        "right.",
        "Before writing about {nom}, the journalist could have asked some of them what they "
        "actually think.",
        "Many {nom} in our city complain about rents too, it is not one group's problem.",
        "The report says {nom} face discrimination at job interviews. I would like to see the "
        "full data.",
        "I disagree with what the spokesman for {nom} said yesterday, but he has every right to "
        "say it.",
        "{Nom} I know are tired of being used in election campaigns by every party.",
        "The new law should protect {nom} as much as anyone else, nothing more and nothing less.",
        "At our university {nom} run the debate club and argue better than most of us.",
        "It would be fair to interview {nom} living near the border, not only officials in the "
        "capital.",
        "I don't think {nom} as a whole should answer for what a few politicians said.",
        "Honestly, the petition from {nom} asking for a bigger budget was poorly argued.",
        "Thanks for the article. Stories about {nom} who rebuilt their lives here are worth "
        "reading.",
    ),
    "ru": (
        "Наши соседи — {nom}, и после наводнения они первыми пришли нам на помощь.",
        "Организации, которые представляют {acc}, должны были высказаться гораздо раньше, их "
        "молчание никому не помогло.",
        "Я вырос в одном дворе с {ins}, и статья очень точно описывает их повседневную жизнь.",
        "Прежде чем писать {o_pre}, журналисту стоило бы спросить самих {acc}, что они думают.",
        "Многие {nom} в нашем городе тоже жалуются на аренду, это не проблема одной группы.",
        "В докладе сказано, что {nom} сталкиваются с дискриминацией при приёме на работу. "
        "Хотелось бы увидеть полные данные.",
        "Я не согласен с тем, что вчера заявил представитель {gen}, но он имеет полное право "
        "так говорить.",
        "Знакомые мне {nom} устали от того, что их используют в предвыборных кампаниях все "
        "партии подряд.",
        "Новый закон должен защищать {acc} так же, как и всех остальных, не больше и не меньше.",
        "В нашем университете {nom} ведут дебатный клуб и спорят лучше многих из нас.",
        "Было бы честно взять интервью у {gen}, живущих у границы, а не только у чиновников в "
        "столице.",
        "Не думаю, что все {nom} должны отвечать за слова нескольких политиков.",
        "Если честно, петиция {gen} об увеличении финансирования была плохо аргументирована.",
        "Спасибо за статью. Истории {o_pre}, которые заново построили здесь свою жизнь, стоит "
        "читать.",
    ),
    "az": (
        "Bizim məhəllədə {nom} yaşayır və daşqından sonra bizə ilk onlar kömək etdi.",
        "{Gen} adından danışan təşkilatlar bu barədə çox əvvəl səs çıxarmalı idilər, onların "
        "susması heç kimə xeyir vermədi.",
        "Mən uşaqlıqdan {nom} ilə bir həyətdə böyümüşəm və məqalə onların gündəlik həyatını "
        "düzgün təsvir edir.",
        "Jurnalist {nom} haqqında yazmazdan əvvəl onların özlərindən nə düşündüklərini soruşa "
        "bilərdi.",
        "Şəhərimizdəki {nom} kirayə qiymətlərindən şikayət edir, bu, təkcə bir qrupun problemi "
        "deyil.",
        "Hesabatda deyilir ki, {nom} işə qəbul zamanı ayrı-seçkiliklə üzləşir. Tam məlumatları "
        "görmək istərdim.",
        "Dünən {gen} nümayəndəsinin dediyi ilə razı deyiləm, amma onun bunu deməyə tam haqqı var.",
        "Tanıdığım {nom} hər seçkidə partiyaların onlardan istifadə etməsindən bezib.",
        "Yeni qanun başqaları kimi {acc} eyni dərəcədə qorumalıdır, nə artıq, nə əskik.",
        "Universitetimizdə debat klubunu {nom} aparır və çoxumuzdan yaxşı mübahisə edirlər.",
        "Təkcə paytaxtdakı məmurlarla yox, sərhəd yaxınlığında yaşayan {nom} ilə də müsahibə "
        "aparmaq ədalətli olardı.",
        "Məncə, bir neçə siyasətçinin sözlərinə görə bütün {nom} cavab verməməlidir.",
        "Düzü, {gen} büdcənin artırılması ilə bağlı petisiyası zəif əsaslandırılmışdı.",
        "Məqalə üçün təşəkkürlər. Burada həyatını yenidən quran {nom} barədə yazılar oxumağa "
        "dəyər.",
    ),
    "tr": (
        "Bizim mahallede {nom} oturuyor ve selden sonra bize ilk onlar yardım etti.",
        "{Nom} adına konuşan kuruluşlar bu konuda çok daha önce ses çıkarmalıydı, susmaları "
        "kimseye yaramadı.",
        "Çocukluğumdan beri {nom} ile aynı apartmanda büyüdüm, yazı onların gündelik hayatını "
        "doğru anlatıyor.",
        "Muhabir {nom} hakkında yazmadan önce onlara ne düşündüklerini sorabilirdi.",
        "Şehrimizdeki {nom} kiralardan şikâyetçi, bu yalnızca bir grubun sorunu değil.",
        "Rapora göre {nom} işe alımlarda ayrımcılıkla karşılaşıyor. Verilerin tamamını görmek "
        "isterim.",
        "{Gen} temsilcisinin dün söylediklerine katılmıyorum ama bunu söylemeye hakkı var.",
        "Tanıdığım {nom} her seçimde partilerin kendilerini kullanmasından bıkmış durumda.",
        "Yeni yasa {acc} herkes kadar korumalı, ne fazla ne eksik.",
        "Üniversitemizde münazara kulübünü {nom} yürütüyor ve çoğumuzdan iyi tartışıyorlar.",
        "Sadece başkentteki yetkililerle değil, sınır yakınında yaşayan {nom} ile de röportaj "
        "yapmak adil olurdu.",
        "Bence birkaç politikacının sözlerinden bütün {nom} sorumlu tutulmamalı.",
        "Açıkçası {gen} bütçe artışı için verdiği dilekçe zayıf gerekçelendirilmişti.",
        "Yazı için teşekkürler. Burada hayatını yeniden kuran {nom} hakkındaki haberler okunmaya "
        "değer.",
    ),
}

ABUSIVE_MENTION: dict[str, tuple[str, ...]] = {
    "en": (
        "{Nom} are filthy animals and should never be let into our country.",
        "Every one of those {nom} is a liar and a thief, they are born that way.",
        "Drive all the {nom} out of the city before they breed even more.",
        "{Nom} are subhuman trash, nobody will shed a tear for them.",
        "I would happily watch the {nom} burn in their own houses.",
        "Stupid {nom}, too dumb to understand anything but the whip.",
        "Those disgusting {nom} stink up every bus I get on.",
        "{Nom} are a plague on this land, wipe them out.",
        "Kill the {nom} and be done with it.",
        "There is no talking to {nom}, they are parasites and brainless sheep.",
        "Nobody cares what {nom} think, the whole lot of them are worthless scum.",
        "{Nom} are vermin, lock them all up and throw away the key.",
        "The only good thing about {nom} is that one day they will be gone, and I will help.",
        "Damn {nom}, dirty lowlifes, crawl back into the hole you came from.",
    ),
    "ru": (
        "{Nom} — грязные животные, таких нельзя пускать в нашу страну.",
        "Все {nom} лжецы и воры, они такими рождаются.",
        "Гнать всех {gen} из города, пока они не расплодились ещё больше.",
        "{Nom} — недочеловеки и мусор, никто по ним не заплачет.",
        "С радостью посмотрел бы, как {nom} горят в своих домах.",
        "Тупые {nom}, ничего не понимают, кроме кнута.",
        "От этих мерзких {gen} воняет в каждом автобусе.",
        "{Nom} — чума на этой земле, их надо истребить.",
        "Убивать {acc} надо, и дело с концом.",
        "С {ins} бесполезно разговаривать, это паразиты и безмозглые бараны.",
        "Всем плевать, что думают {nom}, это никчёмный сброд.",
        "{Nom} — паразиты, пересажать всех и выбросить ключ.",
        "Единственное хорошее в {pre} — то, что когда-нибудь их не станет, и я помогу.",
        "Проклятые {nom}, грязное отребье, убирайтесь обратно в свою нору.",
    ),
    "az": (
        "{Nom} çirkin heyvanlardır, onları ölkəmizə buraxmaq olmaz.",
        "Bütün {nom} yalançı və oğrudur, elə belə doğulurlar.",
        "Daha çox artmamış bütün {acc} şəhərdən qovmaq lazımdır.",
        "{Nom} insan deyil, zibildir, heç kim onlar üçün ağlamayacaq.",
        "{Gen} öz evlərində yanmasına məmnuniyyətlə baxardım.",
        "Axmaq {nom} qamçıdan başqa heç nə başa düşmür.",
        "Bu iyrənc {nom} hər avtobusu üfunətə bürüyür.",
        "{Nom} bu torpağın bəlasıdır, kökünü kəsmək lazımdır.",
        "{Acc} öldürmək lazımdır, vəssalam.",
        "{Nom} ilə danışmağın mənası yoxdur, parazit və beyinsiz qoyunlardır.",
        "{Nom} nə düşünür, heç kimin vecinə deyil, hamısı dəyərsiz əclafdır.",
        "{Nom} parazitdir, hamısını həbs edib açarı atmaq lazımdır.",
        "{Gen} yeganə yaxşı cəhəti odur ki, bir gün yox olacaqlar, mən də kömək edəcəyəm.",
        "Lənətə gəlmiş {nom}, murdar alçaqlar, çıxdığınız yuvaya qayıdın.",
    ),
    "tr": (
        "{Nom} pis hayvanlar, bunları ülkemize sokmamak lazım.",
        "Bütün {nom} yalancı ve hırsız, böyle doğuyorlar.",
        "Daha fazla üremeden bütün {acc} şehirden kovun.",
        "{Nom} insan değil çöp, kimse arkalarından ağlamaz.",
        "{Gen} kendi evlerinde yanmasını zevkle izlerdim.",
        "Aptal {nom} kırbaçtan başka bir şeyden anlamaz.",
        "Bu iğrenç {nom} bindiğim her otobüsü kokutuyor.",
        "{Nom} bu toprakların belası, kökünü kazımak lazım.",
        "{Acc} öldürmek lazım, bu kadar basit.",
        "{Nom} ile konuşmanın anlamı yok, asalak ve beyinsiz koyunlar bunlar.",
        "{Gen} ne düşündüğü kimsenin umurunda değil, hepsi değersiz pislik.",
        "{Nom} asalak, hepsini hapse atıp anahtarı atmalı.",
        "{Gen} tek iyi yanı bir gün yok olacak olmaları, ben de yardım ederim.",
        "Kahrolası {nom}, pis alçaklar, çıktığınız deliğe geri dönün.",
    ),
}

ABUSIVE_PLAIN: dict[str, tuple[str, ...]] = {
    "en": (
        "You are a brainless idiot and your comment is garbage.",
        "The author of this article is a pathetic liar who should be fired today.",
        "Shut your mouth, moron, nobody asked for your stupid opinion.",
        "I know where you live. Keep writing and you will regret it.",
        "What a disgusting rat of a journalist, paid to write this filth.",
        "Crawl back under your rock, you worthless piece of trash.",
        "Anyone who agrees with this article is a complete imbecile.",
        "Someone should break the editor's fingers so he can't type this nonsense again.",
        "You are too stupid to read, let alone comment, clown.",
        "Idiot author, idiot editors, idiot readers. Disgusting.",
        "One more word, loser, and I will find you and shut you up myself.",
        "This commenter is a filthy troll and a coward, get lost.",
        "Your brain is the size of a walnut, you dumb donkey.",
        "Whoever wrote this deserves a beating, not a salary.",
    ),
    "ru": (
        "Ты безмозглый идиот, и твой комментарий — полный мусор.",
        "Автор этой статьи — жалкий лжец, его надо уволить сегодня же.",
        "Закрой рот, дебил, никто не спрашивал твоего тупого мнения.",
        "Я знаю, где ты живёшь. Продолжай писать — и пожалеешь.",
        "Какая же мерзкая крыса этот журналист, ему заплатили за эту грязь.",
        "Заползи обратно под свой камень, никчёмное ничтожество.",
        "Кто согласен с этой статьёй, тот полный кретин.",
        "Редактору надо переломать пальцы, чтобы он больше не печатал этот бред.",
        "Ты слишком туп, чтобы читать, не то что комментировать, клоун.",
        "Автор идиот, редакция идиоты, читатели идиоты. Мерзость.",
        "Ещё слово, неудачник, и я тебя найду и заткну лично.",
        "Этот комментатор — грязный тролль и трус, катись отсюда.",
        "У тебя мозг размером с орех, тупой осёл.",
        "Тот, кто это написал, заслуживает не зарплаты, а хорошей трёпки.",
    ),
    "az": (
        "Sən beyinsiz axmaqsan, şərhin də zibildir.",
        "Bu məqalənin müəllifi yazıq bir yalançıdır, onu elə bu gün işdən qovmaq lazımdır.",
        "Ağzını yum, gic, heç kim sənin axmaq fikrini soruşmayıb.",
        "Harada yaşadığını bilirəm. Yazmağa davam et, peşman olacaqsan.",
        "Nə iyrənc siçovuldur bu jurnalist, bu murdar yazı üçün ona pul veriblər.",
        "Get gizlən çıxdığın yuvada, dəyərsiz məxluq.",
        "Bu məqalə ilə razılaşan hər kəs tam kretindir.",
        "Redaktorun barmaqlarını sındırmaq lazımdır ki, bir daha bu cəfəngiyatı yazmasın.",
        "Sən oxumaq üçün də çox axmaqsan, şərh yazmaq hələ qalsın, təlxək.",
        "Müəllif axmaq, redaksiya axmaq, oxucular axmaq. İyrənc.",
        "Bir söz də desən, avara, səni tapıb ağzını özüm yumacağam.",
        "Bu şərhçi murdar troll və qorxaqdır, rədd ol buradan.",
        "Beynin qoz boydadır, ay axmaq eşşək.",
        "Bunu yazan adam maaşa yox, yaxşı bir kötəyə layiqdir.",
    ),
    "tr": (
        "Sen beyinsiz bir aptalsın, yorumun da çöp.",
        "Bu yazının yazarı zavallı bir yalancı, bugün kovulmalı.",
        "Kapa çeneni salak, kimse senin aptal fikrini sormadı.",
        "Nerede oturduğunu biliyorum. Yazmaya devam et, pişman olursun.",
        "Ne iğrenç bir sıçan bu gazeteci, bu pisliği yazması için para almış.",
        "Geldiğin deliğe geri sürün, değersiz yaratık.",
        "Bu yazıya katılan herkes tam bir geri zekâlı.",
        "Editörün parmaklarını kırmak lazım ki bir daha bu saçmalığı yazamasın.",
        "Okumak için bile fazla aptalsın, yorum yazmayı bırak, palyaço.",
        "Yazar aptal, editörler aptal, okurlar aptal. İğrenç.",
        "Bir kelime daha edersen ezik, seni bulup ağzını kendim kapatırım.",
        "Bu yorumcu pis bir trol ve korkak, defol git buradan.",
        "Beynin ceviz kadar, seni aptal eşek.",
        "Bunu yazan maaşı değil, iyi bir dayağı hak ediyor.",
    ),
}

CIVIL_PLAIN: dict[str, tuple[str, ...]] = {
    "en": (
        "The ministry still hasn't published the budget figures, that is the real story here.",
        "Good article, though the numbers in the second chart don't match the text.",
        "I disagree with the author, the new tax will hit small shops hardest.",
        "The talks have been postponed for the third time now; I am not optimistic.",
        "Could the editors add a link to the full text of the agreement?",
        "Our street has had no lights for two years, please write about that too.",
        "The minister's answer was evasive, he should face the press again.",
        "Interesting interview, I would like to hear the opposition's view as well.",
        "The gas tariff went up for the second time this year and pensions have not moved.",
        "The border crossing was open this morning, the queue took about two hours.",
        "A weak argument: the author ignores what happened in 2020.",
        "Thanks for covering the water shortage in the villages, it is serious.",
        "I think both sides should publish the maps they are negotiating over.",
        "The football federation's decision makes no sense, the stadium is half empty.",
    ),
    "ru": (
        "Министерство так и не опубликовало цифры бюджета, вот настоящая новость.",
        "Хорошая статья, но цифры на втором графике не совпадают с текстом.",
        "Не согласен с автором: новый налог сильнее всего ударит по маленьким магазинам.",
        "Переговоры переносят уже третий раз, я настроен не слишком оптимистично.",
        "Можно добавить ссылку на полный текст соглашения?",
        "На нашей улице два года нет фонарей, напишите и об этом.",
        "Ответ министра был уклончивым, пусть ещё раз выйдет к журналистам.",
        "Интересное интервью, хотелось бы услышать и мнение оппозиции.",
        "Тариф на газ подняли уже второй раз за год, а пенсии так и не проиндексировали.",
        "Утром пункт пропуска на границе работал, очередь была часа на два.",
        "Слабый аргумент, автор не учитывает того, что произошло в 2020 году.",
        "Спасибо, что написали о нехватке воды в сёлах, это серьёзная проблема.",
        "Думаю, обе стороны должны опубликовать карты, о которых идут переговоры.",
        "Решение федерации футбола непонятно, стадион наполовину пустой.",
    ),
    "az": (
        "Nazirlik hələ də büdcə rəqəmlərini dərc etməyib, əsl xəbər budur.",
        "Yaxşı məqalədir, amma ikinci qrafikdəki rəqəmlər mətnlə üst-üstə düşmür.",
        "Müəlliflə razı deyiləm, yeni vergi ən çox kiçik dükanlara zərbə vuracaq.",
        "Danışıqlar artıq üçüncü dəfədir təxirə salınır, nikbin deyiləm.",
        "Redaksiya sazişin tam mətninə keçid əlavə edə bilərmi?",
        "Küçəmizdə iki ildir işıq yoxdur, bu barədə də yazın.",
        "Nazirin cavabı qaçamaq idi, yenidən jurnalistlərin qarşısına çıxmalıdır.",
        "Maraqlı müsahibədir, müxalifətin fikrini də eşitmək istərdim.",
        "Qaz tarifi bu il ikinci dəfə qalxdı, pensiyalar isə artmadı.",
        "Səhər sərhəd keçid məntəqəsi açıq idi, növbə təxminən iki saat çəkdi.",
        "Zəif arqumentdir, müəllif 2020-ci ildə baş verənləri nəzərə almır.",
        "Kəndlərdəki su qıtlığı barədə yazdığınız üçün sağ olun, ciddi problemdir.",
        "Məncə, hər iki tərəf danışıqlarda müzakirə olunan xəritələri dərc etməlidir.",
        "Futbol federasiyasının qərarı anlaşılmazdır, stadion yarıyacan boşdur.",
    ),
    "tr": (
        "Bakanlık hâlâ bütçe rakamlarını yayımlamadı, asıl haber bu.",
        "Güzel yazı ama ikinci grafikteki rakamlar metinle uyuşmuyor.",
        "Yazara katılmıyorum, yeni vergi en çok küçük esnafı vuracak.",
        "Görüşmeler üçüncü kez ertelendi, pek iyimser değilim.",
        "Editörler anlaşmanın tam metnine bağlantı ekleyebilir mi?",
        "Sokağımızda iki yıldır aydınlatma yok, bunu da yazın lütfen.",
        "Bakanın cevabı kaçamaktı, basının karşısına yeniden çıkmalı.",
        "İlginç röportaj, muhalefetin görüşünü de duymak isterim.",
        "Doğalgaza bu yıl ikinci kez zam geldi, emekli maaşları ise yerinde sayıyor.",
        "Sınır kapısı sabah açıktı, kuyruk yaklaşık iki saat sürdü.",
        "Zayıf bir argüman, yazar 2020'de yaşananları hesaba katmıyor.",
        "Köylerdeki su sıkıntısını yazdığınız için teşekkürler, ciddi bir sorun.",
        "Bence iki taraf da müzakere edilen haritaları kamuoyuyla paylaşmalı.",
        "Federasyonun kararı anlaşılır gibi değil, stadyum yarı yarıya boş.",
    ),
}

FAMILIES = ("civil_mention", "abusive_mention", "abusive_plain", "civil_plain")


def build(language: str) -> list[dict[str, Any]]:
    """Every templated comment of ``language``: text, lang, identity (or None), abusive.

    ``family`` and ``template`` (the index within the family) say where each came from.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    rows: list[dict[str, Any]] = []
    for family, templates, abusive in (
        ("civil_mention", CIVIL_MENTION[language], False),
        ("abusive_mention", ABUSIVE_MENTION[language], True),
    ):
        for identity in IDENTITIES:
            filled = forms(language, identity)
            for index, template in enumerate(templates):
                rows.append(
                    {
                        "text": template.format(**filled),
                        "lang": language,
                        "identity": identity,
                        "abusive": abusive,
                        "family": family,
                        "template": index,
                    }
                )
    for family, texts, abusive in (
        ("abusive_plain", ABUSIVE_PLAIN[language], True),
        ("civil_plain", CIVIL_PLAIN[language], False),
    ):
        for index, text in enumerate(texts):
            rows.append(
                {
                    "text": text,
                    "lang": language,
                    "identity": None,
                    "abusive": abusive,
                    "family": family,
                    "template": index,
                }
            )
    return rows
