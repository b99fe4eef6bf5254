"""Word lists for the synthetic corpus: names in Latin and Cyrillic, places, sentence templates.

Plausible rather than real: the benchmark needs text of the right length and
shape, names spelled several ways (as the seed articles spell Lukashenko), and
words whose frequencies range from "in every article" to "in a handful".
"""

# (Russian-style Latin, Belarusian-style Latin, Russian Cyrillic, Belarusian Cyrillic)
FIRST_NAMES = [
    ("Alexander", "Aliaksandr", "Александр", "Аляксандр"),
    ("Sergei", "Siarhei", "Сергей", "Сяргей"),
    ("Dmitry", "Dzmitry", "Дмитрий", "Дзмітрый"),
    ("Viktor", "Viktar", "Виктор", "Віктар"),
    ("Nikolai", "Mikalai", "Николай", "Мікалай"),
    ("Pavel", "Paval", "Павел", "Павел"),
    ("Andrei", "Andrei", "Андрей", "Андрэй"),
    ("Yuri", "Yury", "Юрий", "Юрый"),
    ("Olga", "Volha", "Ольга", "Вольга"),
    ("Tatiana", "Tatsiana", "Татьяна", "Таццяна"),
    ("Maria", "Maryia", "Мария", "Марыя"),
    ("Svetlana", "Sviatlana", "Светлана", "Святлана"),
    ("Ivan", "Ivan", "Иван", "Іван"),
    ("Igor", "Ihar", "Игорь", "Ігар"),
    ("Vladimir", "Uladzimir", "Владимир", "Уладзімір"),
    ("Anna", "Hanna", "Анна", "Ганна"),
    ("Natalia", "Natallia", "Наталья", "Наталля"),
    ("Oleg", "Aleh", "Олег", "Алег"),
    ("Mikhail", "Mikhail", "Михаил", "Міхаіл"),
    ("Yelena", "Alena", "Елена", "Алена"),
    ("Roman", "Raman", "Роман", "Раман"),
    ("Vadim", "Vadzim", "Вадим", "Вадзім"),
]

# Surname stems, transliterated to Cyrillic by bench.corpus.build.cyrillic().
SURNAME_STEMS = (
    "bab bar bel bog bor dub zhuk kaz kar klim kos krav kul lav les lis mak mar mas mel mir "
    "nov orl pav pet pol rad rom sav sem sid sok stas tar tim tkach fed khar chern shev yak "
    "zay zol gur dan dem ign kir lup mosk naz ost prok rud sych hal vas lapt grom sokal"
).split()

# (Russian-style Latin, Belarusian-style Latin, Russian Cyrillic, Belarusian Cyrillic)
SURNAME_ENDINGS = [
    ("enko", "enka", "енко", "энка"),
    ("ovich", "ovich", "ович", "овіч"),
    ("evich", "evich", "евич", "евіч"),
    ("chuk", "chuk", "чук", "чук"),
    ("ov", "au", "ов", "аў"),
    ("sky", "ski", "ский", "скі"),
    ("ik", "ik", "ик", "ік"),
]

# (Latin, Russian Cyrillic, country code)
PLACES = [
    ("Brest", "Брест", "BY"),
    ("Hrodna", "Гродно", "BY"),
    ("Minsk", "Минск", "BY"),
    ("Homiel", "Гомель", "BY"),
    ("Mahiliou", "Могилёв", "BY"),
    ("Vitsebsk", "Витебск", "BY"),
    ("Pinsk", "Пинск", "BY"),
    ("Lida", "Лида", "BY"),
    ("Baranavichy", "Барановичи", "BY"),
    ("Babruisk", "Бобруйск", "BY"),
    ("Mazyr", "Мозырь", "BY"),
    ("Orsha", "Орша", "BY"),
    ("Kyiv", "Киев", "UA"),
    ("Lviv", "Львов", "UA"),
    ("Chernihiv", "Чернигов", "UA"),
    ("Kharkiv", "Харьков", "UA"),
    ("Zhytomyr", "Житомир", "UA"),
    ("Rivne", "Ровно", "UA"),
    ("Lutsk", "Луцк", "UA"),
    ("Bakhmut", "Бахмут", "UA"),
    ("Zaporizhzhia", "Запорожье", "UA"),
    ("Vilnius", "Вильнюс", "LT"),
    ("Warsaw", "Варшава", "PL"),
    ("Bialystok", "Белосток", "PL"),
    ("Smolensk", "Смоленск", "RU"),
    ("Bryansk", "Брянск", "RU"),
    ("Sochi", "Сочи", "RU"),
]

# Organisations and units: (Latin noun, Russian Cyrillic noun, actor kind)
BODIES = [
    ("Volunteer Battalion", "Добровольческий батальон", "armed_unit"),
    ("Border Detachment", "Пограничный отряд", "state_body"),
    ("Territorial Defence Company", "Рота территориальной обороны", "armed_unit"),
    ("Regional Executive Committee", "Облисполком", "state_body"),
    ("Human Rights Centre", "Правозащитный центр", "organization"),
    ("Solidarity Fund", "Фонд солидарности", "organization"),
    ("Railway Partisans Cell", "Ячейка рельсовых партизан", "organization"),
    ("Prosecutor's Office", "Прокуратура", "state_body"),
    ("Investigative Committee Branch", "Отдел Следственного комитета", "state_body"),
    ("Independent Trade Union", "Независимый профсоюз", "organization"),
    ("Mechanised Brigade", "Механизированная бригада", "armed_unit"),
    ("Air Defence Regiment", "Зенитный ракетный полк", "armed_unit"),
    ("Diaspora Council", "Совет диаспоры", "organization"),
    ("Refugee Support Network", "Сеть помощи беженцам", "organization"),
    ("Customs Post", "Таможенный пост", "state_body"),
]

ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th"]

SOURCE_WORDS = (
    "Courier Herald Observer Review Dispatch Monitor Ledger Gazette Chronicle Bulletin Telegraph "
    "Sentinel Record Journal Tribune Post Digest Report Wire Signal"
).split()
SOURCE_PREFIXES = (
    "Border Eastern Northern Baltic Polesie Minsk Kyiv Free Independent Daily Weekly Open"
).split()
SOURCE_KINDS = ["news"] * 6 + ["wire", "think_tank", "ngo", "government", "social", "aggregator"]
SOURCE_COUNTRIES = ["BY", "UA", "PL", "LT", "LV", "DE", "GB", "US", "CZ", "NL", "FR", "XI"]

TOPICS = [
    "Border incidents",
    "Volunteer fighters",
    "Political prisoners",
    "Sanctions",
    "Deportations",
    "Military exercises",
    "Nuclear weapons",
    "Railway sabotage",
    "Migration crisis",
    "Elections",
    "Protests",
    "Media freedom",
    "Wagner Group",
    "Air defence",
    "Drone strikes",
    "Refugees",
    "Energy",
    "Trade",
    "Diplomacy",
    "War crimes",
    "Propaganda",
    "Conscription",
    "Courts",
    "Human rights",
    "Religion",
    "Economy",
    "Cyber attacks",
    "Diaspora",
    "Children",
    "Culture",
]

EVENT_KINDS = {
    "military": "Troop movements",
    "border": "Border crossing",
    "defection": "Soldier defects",
    "repression": "Arrests of activists",
    "sanctions": "New sanctions",
    "deportation": "Transfer of children",
    "legal": "Trial opens",
    "political": "Official visit",
    "sabotage": "Rail line damaged",
    "diplomatic": "Talks held",
    "other": "Incident reported",
}
EVENT_STATUSES = (
    ["reported"] * 5 + ["corroborated"] * 2 + ["confirmed"] * 2 + ["disputed", "denied"]
)
STATUS_NOTES = {
    "reported": "Reported by a single outlet; not independently verified.",
    "corroborated": "Two outlets report it independently.",
    "confirmed": "Confirmed by official statements and imagery.",
    "disputed": "Accounts of what happened differ.",
    "denied": "The authorities deny it happened.",
}
ROLES = [
    "perpetrator",
    "participant",
    "subject",
    "target",
    "claimant",
    "denier",
    "authority",
    "supporter",
    "witness",
]

# Sentence templates for the body. Slots: {place} {place2} {group} {thing} {number} {month}
# {day} {official} {adj}. "border" and "Belarus" are common on purpose: the benchmark's
# common-word search needs a word in most articles.
TEMPLATES = [
    "Officials in {place} said the situation on the border remained {adj} on {day}.",
    "The {group} reported that {number} people had crossed the border near {place} in {month}.",
    "According to {official}, the {thing} near {place} was moved overnight.",
    "Residents of {place} described {adj} convoys heading towards {place2} late in the evening.",
    "The claim could not be independently verified,"
    " and the authorities in Minsk declined to comment.",
    "Belarus has allowed Russian forces to use its territory since February 2022.",
    "Analysts said the {thing} was intended to send a signal to Kyiv and to Warsaw.",
    "In {month}, the {group} said it had documented {number} cases in the {place} region.",
    "The border guards at {place} were placed on heightened alert after the reports.",
    "{Official} told reporters that the {group} would continue its work despite the pressure.",
    "A court in {place} sentenced {number} people for what prosecutors called extremist activity.",
    "The {thing} was first reported on social media and later confirmed by local journalists.",
    "Human rights groups said at least {number} people were detained in {place} during {month}.",
    "Satellite images showed new {thing} along the road from {place} to {place2}.",
    "The regime in Minsk has denied any involvement in the war against Ukraine.",
    "Volunteers from Belarus have fought for Ukraine near {place} and {place2}.",
    "The statement, published on {day}, said the border would remain closed to freight.",
    "Sanctions imposed in {month} targeted officials responsible for the crackdown in {place}.",
    "Relatives said they had not heard from the detainees since {day}.",
    "The {group} called for an international investigation into the events in {place}.",
    "Trains carrying {thing} were seen passing through {place} on {day}.",
    "Local officials in {place} denied that anything unusual had happened.",
    "Observers noted that the {adj} rhetoric from Minsk had intensified since {month}.",
    "The report cited {number} witnesses who spoke on condition of anonymity.",
    "Ukrainian border guards said they had seen {adj} activity across the border from {place}.",
    "The {group} estimated that {number} families had left {place} since the war began.",
    "Journalists who covered the events in {place} have faced searches and arrests.",
    "The European Union said it was preparing further measures against Belarus in {month}.",
    "Military exercises near {place} were announced with little notice on {day}.",
    "The defence ministry in Minsk described the {thing} as routine.",
]
FILL = {
    "group": [
        "human rights centre",
        "monitoring group",
        "border service",
        "opposition office",
        "volunteer network",
        "press service",
        "defence ministry",
        "investigative team",
        "refugee agency",
        "local council",
    ],
    "thing": [
        "military equipment",
        "checkpoints",
        "fortifications",
        "air defence systems",
        "fuel tankers",
        "field hospitals",
        "pontoon bridges",
        "ammunition depots",
        "radar stations",
        "troop trains",
    ],
    "official": [
        "a spokesman for the border service",
        "a local official",
        "an opposition adviser",
        "a ministry spokeswoman",
        "a regional governor",
        "a military analyst",
        "a senior diplomat",
        "a prosecutor",
    ],
    "adj": [
        "calm",
        "tense",
        "unusual",
        "heavy",
        "sporadic",
        "growing",
        "quiet",
        "hostile",
        "intense",
        "limited",
    ],
    "month": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "early spring",
        "late autumn",
    ],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MENTION_TEMPLATES = [
    "{alias} said the decision had been taken without consultation.",
    "According to {alias}, the situation in {place} had changed in recent weeks.",
    "The statement was signed by {alias}.",
    "Critics accused {alias} of ignoring the evidence from {place}.",
    "{alias} did not respond to a request for comment.",
    "In a televised address, {alias} repeated the official line.",
    "Sources close to {alias} described the talks in {place} as difficult.",
]
CYRILLIC_MENTION = "Local media referred to {alias} in their reports from {place}."

TITLE_TEMPLATES = [
    "{Group} reports {thing} near {place}",
    "Border tensions rise around {place} as {thing} arrive",
    "{Official} says {place} crossing will stay closed",
    "Court in {place} jails activists over protest posts",
    "Belarusian volunteers describe fighting near {place}",
    "New sanctions target officials linked to {place} crackdown",
    "What we know about the {thing} seen near {place}",
    "Families in {place} wait for news of detained relatives",
    "Minsk denies reports of {thing} on the border near {place}",
    "Exercises near {place} raise alarm in Kyiv and Warsaw",
]
STANDFIRSTS = [
    "Reports from {place} could not be independently verified.",
    "Officials in Minsk deny the claims; witnesses describe a different picture.",
    "The latest in a series of incidents on the border near {place}.",
    "Human rights groups say the pressure on families in {place} is growing.",
]
BYLINE_NAMES = [
    "Anna Kovalska",
    "Mark Ellison",
    "Sofia Marchenko",
    "Tomas Varga",
    "Ruth Adeyemi",
    "Piotr Nowak",
    "Lena Fischer",
    "Daniel Reyes",
    "Iryna Bondar",
    "James Whitlock",
]

# A word in a handful of articles only: the benchmark's rare-word search.
RARE_WORD = "samovar"
RARE_SENTENCE = "A battered samovar stood in the corner of the abandoned customs office."
RARE_RATE = 1 / 5000
