//! Voice and attribution on real sentences, through the shipped lexicons.

use mizan::lexicon;
use mizan::matching::{Attribution, FormsCache, Match, Matcher, Voice};

use crate::util::root;

/// (sentence, surface of a match in it, expected voice, why)
const CASES: &[(&str, &str, Voice, &str)] = &[
    (
        "ففي حين زعم المكتب أن ستولتنبرغ أكد للسراج أن \"الحلف يعتبر حكومة الوفاق الوطني هي الحكومة الشرعية ولا يتعامل مع غيرها\".",
        "الحكومة الشرعية",
        Voice::Distanced,
        "seed 002: a claim the author disputes",
    ),
    (
        "هذه المليشيات التي دستها تركيا و حشدتها داخل التراب الليبي بهدف\" قوات مساعدة\"، سرعان ما كشفت حقيقتها.",
        "قوات مساعدة",
        Voice::Scare,
        "seed 000: a label alone inside quotation marks",
    ),
    ("وصلت الأسلحة التركية إلى الحكومة \"الشرعية\" في طرابلس.", "الحكومة \"الشرعية", Voice::Scare, "quotes around the claim in a title"),
    ("قصفت طائرات \"الجيش الوطني الليبي\" أحياء طرابلس.", "الجيش الوطني الليبي", Voice::Scare, "quotes around a title of several words"),
    ("وصفت صحيفة ليبية التدخل بأنه \"غزو\".", "غزو", Voice::Quoted, "a reporting verb before the quoted word: the newspaper's word"),
    ("وصلت „قوات مساعدة“ إلى طرابلس.", "قوات مساعدة", Voice::Scare, "„“ quotation marks pair too"),
    ("ويطلق إعلام حفتر على قواته اسم 'الجيش الوطني' منذ سنوات.", "الجيش الوطني", Voice::Scare, "single quotation marks quote too"),
    ("وصل مرتزقة \"فاغنر\" إلى سرت.", "مرتزقة \"فاغنر", Voice::Authorial, "quotes around a one-word name mark the name"),
    ("وفتحت حكومة السراج الباب أمام الغزو التركي الذي بدأ منذ شهر أكتوبر.", "الغزو التركي", Voice::Authorial, "the author's own words"),
    ("وقال المتحدث إن الغزو التركي مستمر في ليبيا.", "الغزو التركي", Voice::Reported, "attributed by قال"),
    ("ووصف البيان ما يجري بأنه «احتلال تركي سافر لأراضي ليبيا» كما ورد في نصه.", "احتلال تركي", Voice::Quoted, "inside a longer quotation"),
    ("الغزو التركي لليبيا مستمر وقال أردوغان إن بلاده ستبقى.", "الغزو التركي", Voice::Authorial, "a verb of saying joined by و opens its own clause"),
    ("الغزو التركي مستمر، قال المسماري.", "الغزو التركي", Voice::Reported, "a verb of saying after the words reaches back"),
    ("ولفت المسماري إلى أن الغزو التركي مستمر.", "الغزو التركي", Voice::Reported, "لفت إلى أن reports"),
    ("وتابع المتحدث أن الغزو التركي لن يمر.", "الغزو التركي", Voice::Reported, "وتابع ('he went on') reports"),
    ("وأوردت الصحيفة أن الغزو التركي بدأ.", "الغزو التركي", Voice::Reported, "أوردت reports"),
    ("وجاء في البيان أن الغزو التركي مرفوض.", "الغزو التركي", Voice::Reported, "جاء في البيان reports"),
    ("ونقلت صحيفة تركية عن مسؤول أن الحكومة الشرعية طلبت الدعم.", "الحكومة الشرعية", Voice::Reported, "نقلت … عن مسؤول: the source is named apart from the verb"),
    ("وانتشرت القوات التابعة لأنقرة في إطار الغزو التركي.", "الغزو التركي", Voice::Authorial, "التابعة is no وتابع"),
    ("تقدمت ميليشيات حفتر نحو طرابلس تحت غطاء الطيران الإماراتي المسير.", "الطيران الإماراتي", Voice::Authorial, "air cover is literal, not a pretext"),
    ("دخلت القوات التركية تحت غطاء مذكرة التفاهم الأمنية.", "مذكرة التفاهم الأمنية", Voice::Distanced, "'under cover of' a pretext distances it"),
    ("زعم المسماري أن الاحتلال التركي مستمر، وأن المرتزقة يتدفقون.", "المرتزقة", Voice::Distanced, "a claim runs on past a comma"),
    ("زعم المسماري أن تركيا تحتل ليبيا، لكن القوات جاءت بطلب من الحكومة الشرعية.", "بطلب من الحكومة الشرعية", Voice::Authorial, "the author's answer after لكن is not part of the claim"),
    ("تزعم أبوظبي أن تركيا تدعم الإرهاب، في حين أن الطيران الإماراتي يقصف المدنيين.", "الطيران الإماراتي", Voice::Authorial, "nor after في حين أن"),
    ("وتواجه تركيا اتهامات بإرسال مرتزقة إلى ليبيا.", "مرتزقة", Voice::Reported, "the charge after اتهامات بـ is the accusers'"),
    ("وتواجه أنقرة اتهامات دولية بانتهاك حظر السلاح وبنقل المرتزقة والإرهابيين.", "والإرهابيين", Voice::Reported, "the charge runs on over its list"),
    ("وتتصاعد الاتهامات للنظام التركي بنقل المرتزقة.", "المرتزقة", Voice::Reported, "the accused between the noun and its charge"),
    ("وتتصاعد الاتهامات للنظام التركي بنقل المرتزقة.", "للنظام التركي", Voice::Authorial, "the accused is named by the author, not charged"),
    ("ويستنكر الليبيون مزاعم إرسال تركيا مرتزقة إلى ليبيا.", "مرتزقة", Voice::Distanced, "مزاعم before a verbal noun: a claim"),
    ("وتتردد مزاعم بأن الغزو التركي بدأ.", "الغزو التركي", Voice::Distanced, "مزاعم بأن: the clause is the claim"),
    ("مزاعم يفندها استمرار النظام التركي في إرسال المرتزقة.", "النظام التركي", Voice::Authorial, "مزاعم with no charge after it: what refutes it is the author's"),
    ("وتواجه أنقرة اتهامات بانتهاك الحظر، في حين يواصل النظام التركي إرسال المرتزقة.", "النظام التركي", Voice::Authorial, "the charge ends with its clause"),
    ("وندد البرلمان الليبي بالغزو التركي.", "بالغزو التركي", Voice::Reported, "what ندد condemns is in the condemner's words"),
    ("وأدان مجلس النواب الغزو التركي لليبيا.", "الغزو التركي", Voice::Reported, "أدان too"),
    ("فيما تستنكر القبائل الليبية الاحتلال التركي.", "الاحتلال التركي", Voice::Reported, "تستنكر too"),
    ("وشجبت الجامعة العربية التدخل التركي في ليبيا.", "التدخل التركي", Voice::Reported, "شجبت too"),
    ("الغزو التركي مستمر وأدان البرلمان القصف.", "الغزو التركي", Voice::Authorial, "a condemnation joined by و opens its own clause"),
];

fn shipped_lexicon() -> lexicon::Lexicon {
    let (lexicon, _) = lexicon::load(&root().join("lexicons")).expect("the shipped lexicons load");
    lexicon
}

/// The match over `surface` in `text`, through the shipped lexicons.
fn match_of(matcher: &Matcher, text: &str, surface: &str) -> Match {
    let doc = matcher.analyse(text, &mut FormsCache::default());
    doc.matches
        .into_iter()
        .find(|m| mizan::report::char_slice(text, m.start..m.end) == surface)
        .unwrap_or_else(|| panic!("no match {surface} in {text}"))
}

#[test]
fn voices_follow_quotes_attribution_and_distancing() {
    let lexicon = shipped_lexicon();
    let matcher = Matcher::new(&lexicon);
    for (text, surface, voice, why) in CASES {
        let m = match_of(&matcher, text, surface);
        assert_eq!(m.voice, *voice, "{surface} in {text} ({why})");
    }
}

#[test]
fn negation_stops_a_term_counting_as_endorsement() {
    let lexicon = shipped_lexicon();
    let matcher = Matcher::new(&lexicon);
    let doc = matcher.analyse("لم يكن الغزو التركي سوى دعاية.", &mut FormsCache::default());
    let m = doc
        .matches
        .iter()
        .find(|m| m.negated)
        .expect("a negated match");
    assert_eq!(m.contribution, m.contribution * lexicon.voices.negated);
    assert_eq!(m.contribution, 0.0);
}

/// (sentence, surface of a match in it, the actor it is said of, how that was found, why)
const ATTRIBUTIONS: &[(&str, &str, Option<&str>, Attribution, &str)] = &[
    ("لن نسمح للمرتزقة بتهديد أمن مصر.", "للمرتزقة", Some("egypt"), Attribution::Against, "the one whose security is threatened is the target, not the owner"),
    ("المرتزقة يهددون أمن مصر.", "المرتزقة", Some("egypt"), Attribution::Against, "the same with the verb"),
    ("هدد أردوغان بإرسال المرتزقة إلى ليبيا.", "المرتزقة", Some("erdogan"), Attribution::Clause, "'threatened to send' threatens no one named"),
    ("بدأ المرتزقة الانسحاب من طرابلس باتجاه بني وليد.", "المرتزقة", None, Attribution::Default, "the city they withdraw from is not their owner"),
    ("وانسحبت الميليشيات من طرابلس.", "الميليشيات", None, Attribution::Default, "the same after the verb"),
    ("وصل المرتزقة المدعومون من تركيا إلى سرت.", "المرتزقة", Some("turkey"), Attribution::Clause, "من after 'supported' names the owner"),
    ("غزت تركيا ليبيا واحتلت غربها.", "غزت تركيا", Some("turkey"), Attribution::Phrase, "the verb 'invaded' with Turkey as its subject"),
    ("وتغزو أنقرة الغرب الليبي بقواتها.", "وتغزو أنقرة", Some("turkey"), Attribution::Phrase, "the present tense, with و"),
    ("حذر الخبراء من التورط في ليبيا.", "التورط", None, Attribution::Default, "the noun 'entanglement' still counts"),
    (
        "جندت تركيا للقتال في ليبيا مرتزقة سوريين.",
        "مرتزقة سوريين",
        Some("turkey"),
        Attribution::Clause,
        "'to fight in Libya' is a purpose: Turkey recruited them, no one fought them",
    ),
    (
        "وصلت أطماع أنقرة إلى طرابلس.",
        "أطماع",
        Some("turkey"),
        Attribution::Idafa,
        "the name right after an indefinite noun",
    ),
    (
        "أرسلت تركيا المرتزقة إلى بنغازي.",
        "المرتزقة",
        Some("turkey"),
        Attribution::Clause,
        "a noun with ال heads no idafa, and بنغازي after إلى is where they go",
    ),
    (
        "أرسلت تركيا المرتزقة السوريين إلى بنغازي.",
        "المرتزقة السوريين",
        Some("turkey"),
        Attribution::Clause,
        "the same with an adjective",
    ),
    (
        "يقاتل المرتزقة قوات حفتر منذ أسابيع.",
        "المرتزقة",
        Some("lna"),
        Attribution::Against,
        "the subject of an 'against' verb is on the other side from its object",
    ),
    (
        "تواجه تركيا اتهامات بنقل المرتزقة السوريين إلى ليبيا.",
        "المرتزقة السوريين",
        Some("turkey"),
        Attribution::Clause,
        "what the subject faces is its object, not the label further on",
    ),
    (
        "شارك المرتزقة السوريون في القتال إلى جانب قوات الوفاق.",
        "المرتزقة السوريون",
        Some("gna"),
        Attribution::Clause,
        "fighting alongside is not fighting against",
    ),
    (
        "قاتلت الميليشيات المدعومة من الإمارات في جنوب طرابلس.",
        "الميليشيات",
        Some("uae"),
        Attribution::Clause,
        "the backer after المدعومة من is not the object of the verb",
    ),
    (
        "قال المسماري إن المرتزقة السوريين يتدفقون على طرابلس.",
        "المرتزقة السوريين",
        None,
        Attribution::Default,
        "the speaker before إن is not what his words are about",
    ),
    (
        "حذر سامح شكري من أن المرتزقة الذين تنقلهم أنقرة يهددون الأمن.",
        "المرتزقة",
        Some("turkey"),
        Attribution::Clause,
        "the actor inside the reported clause still counts",
    ),
    (
        "المرتزقة يشاركون في الهجوم على مصراتة.",
        "المرتزقة",
        Some("misrata"),
        Attribution::Against,
        "the city after الهجوم على is the target",
    ),
    (
        "دحرت قوات الوفاق المرتزقة.",
        "المرتزقة",
        Some("gna"),
        Attribution::Against,
        "an 'against' verb in the feminine",
    ),
    (
        "دحرت قوات الوفاق المرتزقة من مطار طرابلس.",
        "المرتزقة",
        Some("gna"),
        Attribution::Against,
        "the object of an 'against' verb, whatever place follows",
    ),
    (
        "المرتزقة يقاتلون في صفوف حفتر.",
        "المرتزقة",
        Some("haftar"),
        Attribution::Clause,
        "fighting in someone's ranks is fighting for them",
    ),
    (
        "خاضت قوات الوفاق مواجهات عنيفة مع المرتزقة.",
        "المرتزقة",
        Some("gna"),
        Attribution::Against,
        "مع after a clash is 'against'",
    ),
    (
        "حاول حفتر أن يجند الميليشيات القبلية.",
        "الميليشيات",
        Some("haftar"),
        Attribution::Clause,
        "the subject of a verb that is not of saying is no speaker",
    ),
    (
        "اتهم الجيش الليبي المرتزقة السوريين بقصف الأحياء.",
        "المرتزقة السوريين",
        None,
        Attribution::Default,
        "the accuser is not what the accused are",
    ),
    (
        "قصفت الطائرات التركية المسيرة تجمعات للمرتزقة جنوب طرابلس.",
        "للمرتزقة",
        Some("turkey"),
        Attribution::Against,
        "the object after the subject's adjectives and a head noun; the city after جنوب is a place",
    ),
    (
        "هاجمت قوات الوفاق الليلة الماضية المرتزقة.",
        "المرتزقة",
        Some("gna"),
        Attribution::Against,
        "the object after a time phrase with the article",
    ),
    (
        "وصلت تعزيزات للمرتزقة إلى محيط طرابلس.",
        "للمرتزقة",
        None,
        Attribution::Default,
        "a city after محيط is where they are, not whose they are",
    ),
    (
        "قاوم الليبيون الغزاة الإيطاليين عام 1911.",
        "الغزاة",
        Some("italy"),
        Attribution::Idafa,
        "a label with its adjective of origin is said of a neutral actor, and counts nothing",
    ),
    (
        "قاتل العراقيون المحتلين الأمريكيين.",
        "المحتلين",
        Some("usa"),
        Attribution::Idafa,
        "another power's invasion is not Turkey's",
    ),
    (
        "يواصل مجرم الحرب أردوغان إرسال جنوده إلى ليبيا.",
        "مجرم الحرب",
        Some("erdogan"),
        Attribution::Idafa,
        "a fixed-target label followed by a name of the other side is said of that name",
    ),
    (
        "قصف مجرم الحرب خليفة حفتر أحياء طرابلس.",
        "مجرم الحرب",
        None,
        Attribution::Fixed,
        "followed by its own target's name, the label keeps its target",
    ),
    (
        "تعمل حكومة باشاغا غير الشرعية من سرت.",
        "غير الشرعية",
        Some("eastern_government"),
        Attribution::Qualified,
        "an adjectival label qualifies the name right before it",
    ),
    (
        "أسرت قوات الجيش الوطني الليبي عشرة من المرتزقة السوريين قرب سرت.",
        "المرتزقة السوريين",
        Some("lna"),
        Attribution::Against,
        "the captors are not the captives' side, past a head noun before the subject and a partitive before the object",
    ),
    (
        "طردت قوات الوفاق المرتزقة من قاعدة الوطية.",
        "المرتزقة",
        Some("gna"),
        Attribution::Against,
        "expelling is an 'against' verb",
    ),
    (
        "وتنهب أنقرة ثروات الليبيين.",
        "وتنهب",
        Some("turkey"),
        Attribution::Idafa,
        "the verb 'loots' with a proclitic",
    ),
    (
        "لم تكتف أبوظبي بإرسال الطائرات المسيرة، بل مولت وصول مئات المرتزقة من السودان وتشاد.",
        "المرتزقة",
        Some("uae"),
        Attribution::Subject,
        "a clause after بل carries over the subject of the one before",
    ),
    (
        "أرسلت روسيا وتركيا مرتزقة سوريين إلى ليبيا.",
        "مرتزقة سوريين",
        Some("turkey"),
        Attribution::Shared,
        "two actors of opposite sides joined by و share the label",
    ),
    (
        "أرسلت تركيا وروسيا مرتزقة سوريين إلى ليبيا.",
        "مرتزقة سوريين",
        Some("russia"),
        Attribution::Shared,
        "whichever comes first",
    ),
    (
        "أرسلت تركيا وقطر مرتزقة سوريين إلى ليبيا.",
        "مرتزقة سوريين",
        Some("qatar"),
        Attribution::Clause,
        "two actors of one side keep it",
    ),
    (
        "استقبل وزير الدفاع التركي يشار غولر نائب القائد العام صدام حفتر في أنقرة.",
        "القائد العام",
        None,
        Attribution::Protocol,
        "a title of the opposing camp in Turkey's meeting with it is protocol",
    ),
    (
        "رست السفينة الحربية التركية في ميناء بنغازي. وكان في استقبالها المشير خليفة حفتر.",
        "المشير",
        None,
        Attribution::Protocol,
        "Turkey's camp may be named in the sentence before",
    ),
    (
        "التقى المشير خليفة حفتر بوزير الدفاع الروسي في بنغازي.",
        "المشير",
        None,
        Attribution::Fixed,
        "a meeting within the opposing camp is no protocol of Turkey's",
    ),
    (
        "سيطر الجيش الليبي التابع للحكومة المعترف بها دوليا على الوطية. وقال قائد في الجيش الليبي إن الهجوم نجح.",
        "الجيش الليبي",
        Some("gna"),
        Attribution::Phrase,
        "a name the document ties to the GNA (Anadolu's usage) names the GNA's army all through it",
    ),
    (
        "حررت قوات الوفاق ترهونة من المرتزقة.",
        "المرتزقة",
        Some("gna"),
        Attribution::Against,
        "the liberator is not the side of what it liberates from",
    ),
    (
        "قصف المرتزقة الأتراك منازل المدنيين في ترهونة.",
        "المرتزقة",
        Some("turkey"),
        Attribution::Clause,
        "the subject's own adjective of origin is its owner, not the verb's object",
    ),
    (
        "هاجمت الميليشيات التابعة لحكومة الوفاق مدينة ترهونة.",
        "الميليشيات",
        Some("gna"),
        Attribution::Clause,
        "nor is the actor the subject is affiliated to",
    ),
    (
        "استعادت قوات الوفاق السيطرة على ترهونة، ثم اكتشفت فرق البحث مقابر جماعية في المدينة.",
        "مقابر جماعية",
        None,
        Attribution::Default,
        "a clause with a subject of its own carries nothing over",
    ),
    (
        "هاجم المتحدث باسم الجيش الليبي محمد قنونو، ووصفه بأنه بوق للغزو التركي.",
        "الجيش الليبي",
        None,
        Attribution::Fixed,
        "a spokesman's title next to another name ties nothing",
    ),
    (
        "تقدم الجيش الليبي التابع للمشير خليفة حفتر نحو طرابلس.",
        "الجيش الليبي التابع للمشير",
        None,
        Attribution::Fixed,
        "the army affiliated to Haftar is his",
    ),
    (
        "تأوي تركيا منذ سنوات قيادات الإخوان المصريين الهاربين.",
        "الإخوان",
        None,
        Attribution::Fixed,
        "an adjective of origin beside a fixed target's label is no actor's camp",
    ),
    (
        "ووقعت أنقرة مع حكومة الوفاق الاتفاقية البحرية التي تعتبرها مصر غير شرعية.",
        "غير شرعية",
        None,
        Attribution::Fixed,
        "an indefinite غير شرعية is a predicate, not an adjective of the name before it",
    ),
    (
        "تواصل أنقرة خرق حظر الأمم المتحدة على توريد السلاح إلى ليبيا.",
        "خرق حظر",
        Some("turkey"),
        Attribution::Clause,
        "a neutral body in the label's idafa is what is breached",
    ),
    (
        "اندلعت اشتباكات عنيفة بين المرتزقة السوريين الموالين لتركيا وقوات حفتر جنوب طرابلس.",
        "المرتزقة السوريين",
        Some("turkey"),
        Attribution::Clause,
        "بين X و Y pairs two sides of a fight",
    ),
    (
        "قاتلت الميليشيات المدعومة من أنقرة والجيش الوطني الليبي في محيط سرت.",
        "الميليشيات",
        Some("turkey"),
        Attribution::Clause,
        "actors joined by و across an 'against' verb fight each other",
    ),
    (
        "التقى القائد العام للقوات المسلحة العربية الليبية المشير خليفة حفتر قادة المحاور في بنغازي لبحث خطط صد الغزو التركي.",
        "القائد العام",
        None,
        Attribution::Fixed,
        "Turkey named only inside a hostile label is no party to the meeting",
    ),
    (
        "أرسلت تركيا دفعة جديدة من المرتزقة إلى طرابلس. في المقابل، استقبل المشير خليفة حفتر في الرجمة وفدا روسيا.",
        "المشير",
        None,
        Attribution::Fixed,
        "the sentence before counts only when the meeting word refers back to it",
    ),
    (
        "قوات الوفاق تتصدى للمرتزقة.",
        "للمرتزقة",
        Some("gna"),
        Attribution::Against,
        "a label opposed to the only actor near is the other side's",
    ),
    (
        "القوات المسلحة تتصدى للمرتزقة الذين ترسلهم أنقرة.",
        "للمرتزقة",
        Some("turkey"),
        Attribution::Clause,
        "the object of an 'against' verb is not its subject",
    ),
    (
        "أدانت حكومة الوفاق المجازر التي ارتكبتها قوات حفتر.",
        "المجازر",
        Some("lna"),
        Attribution::Clause,
        "who condemns the massacres did not commit them",
    ),
    (
        "حفتر وميليشياته يقصفون طرابلس.",
        "وميليشياته",
        Some("haftar"),
        Attribution::Clause,
        "a city after a verb is no idafa complement",
    ),
    (
        "وصلت ميليشيات المشير حفتر إلى سرت.",
        "ميليشيات",
        Some("haftar"),
        Attribution::Idafa,
        "an idafa through a title with the article",
    ),
    (
        "استهدفت أطماع أنقرة الجنوب.",
        "أطماع",
        Some("turkey"),
        Attribution::Idafa,
        "after an 'against' verb, a noun without ال still heads an idafa",
    ),
    (
        "لا تزال أنقرة مصرة على إرسال المرتزقة.",
        "المرتزقة",
        Some("turkey"),
        Attribution::Clause,
        "مصرة is 'insisting', not Egypt",
    ),
    (
        "تواصل الميليشيات القصف رغم الظروف القاهرة.",
        "الميليشيات",
        None,
        Attribution::Default,
        "الظروف القاهرة is 'compelling circumstances', not Cairo (an ignore row of actors.csv)",
    ),
    (
        "ظهرت أمارات الفشل على الميليشيات.",
        "الميليشيات",
        None,
        Attribution::Default,
        "أمارات ('signs') is not the UAE",
    ),
    (
        "شهد القطر الليبي مجازر.",
        "مجازر",
        None,
        Attribution::Default,
        "القطر ('the country') is not Qatar",
    ),
    (
        "تواصل الميليشيات خرق الهدنة لأسباب قاهرة.",
        "الميليشيات",
        None,
        Attribution::Default,
        "indefinite قاهرة ('compelling') is not Cairo",
    ),
    (
        "وصلت المرتزقة وللإمارات دور في ذلك.",
        "المرتزقة",
        Some("uae"),
        Attribution::Clause,
        "the UAE after ل, which merges with the article",
    ),
    (
        "أرسلت مصر المرتزقة إلى الشرق.",
        "المرتزقة",
        Some("egypt"),
        Attribution::Clause,
        "مصر itself is still Egypt",
    ),
    (
        "الأطماع في بنغازي كبيرة.",
        "الأطماع",
        None,
        Attribution::Default,
        "a city after في is what is coveted",
    ),
];

#[test]
fn labels_are_said_of_the_actor_a_reader_would_name() {
    let lexicon = shipped_lexicon();
    assert!(
        lexicon.actors.iter().all(|a| a.id != "ignore"),
        "ignore rows are not an actor"
    );
    let matcher = Matcher::new(&lexicon);
    for (text, surface, actor, attribution, why) in ATTRIBUTIONS {
        let m = match_of(&matcher, text, surface);
        let found = m.actor.map(|a| lexicon.actors[a].id.as_str());
        assert_eq!(
            (found, m.attribution),
            (*actor, *attribution),
            "{surface} in {text} ({why})"
        );
    }
}

/// (sentence, surface of a match in it, whether it is negated, why)
const NEGATIONS: &[(&str, &str, bool, &str)] = &[
    (
        "لم يتوقف الغزو التركي منذ عامين.",
        "الغزو التركي",
        false,
        "'did not stop' affirms",
    ),
    (
        "لن ننسى الغزو التركي لبلادنا.",
        "الغزو التركي",
        false,
        "'we will not forget' affirms",
    ),
    (
        "لا يخفى على أحد الاحتلال التركي.",
        "الاحتلال التركي",
        false,
        "'is hidden from no one' affirms",
    ),
    (
        "الغزو التركي لم يحدث أصلا.",
        "الغزو التركي",
        true,
        "'did not happen' after the term",
    ),
    (
        "نفى وزير الدفاع التركي خلوصي أكار وجود مرتزقة سوريين في ليبيا.",
        "مرتزقة سوريين",
        true,
        "a titled denier: the denial reaches the denied noun past the name",
    ),
    (
        "ونفت حكومة الوفاق، في بيان، وجود أي مرتزقة في صفوف قواتها.",
        "مرتزقة",
        true,
        "an aside between commas after the denier",
    ),
    (
        "نفى المتحدث باسم الجيش الوطني الليبي إرسال قوات إلى طرابلس.",
        "الجيش الوطني الليبي",
        false,
        "the denier's own name is not denied",
    ),
    (
        "اتهم المسماري تركيا بإرسال المرتزقة، وهو ما تنفيه أنقرة.",
        "المرتزقة",
        true,
        "a denial after the charge (وهو ما تنفيه)",
    ),
    (
        "اتهم المسماري تركيا بإرسال المرتزقة. وهو ما تنفيه أنقرة.",
        "المرتزقة",
        false,
        "a denial in the next sentence is no answer to this one",
    ),
    (
        "لم يحدث أي غزو تركي.",
        "غزو تركي",
        true,
        "'did not happen' before it",
    ),
    (
        "لم يكن هناك أي غزو تركي.",
        "غزو تركي",
        true,
        "'there was no'",
    ),
    (
        "لم ترسل تركيا مرتزقة إلى ليبيا.",
        "مرتزقة",
        true,
        "the object after the verb and the subject's name",
    ),
    (
        "لم ترسل أنقرة أي مرتزقة.",
        "مرتزقة",
        true,
        "أي marks the denied noun",
    ),
    (
        "لم تنسحب القوات التركية من ليبيا.",
        "القوات التركية",
        false,
        "a subject with the article is taken as given",
    ),
    (
        "لم يكن التدخل التركي غزوا.",
        "التدخل التركي",
        false,
        "the subject of a negated copula",
    ),
    (
        "لم يكن التدخل التركي غزوا.",
        "غزوا",
        true,
        "the predicate of a negated copula",
    ),
    (
        "لم ترسل تركيا المرتزقة السوريين إلى ليبيا، بل أرسلت مستشارين.",
        "المرتزقة السوريين",
        true,
        "a correction with بل denies the definite object too",
    ),
    (
        "لا تريد أنقرة التصعيد، والمرتزقة السوريون باقون بل يتزايدون.",
        "والمرتزقة السوريون",
        false,
        "a بل corrects only the negation's own clause",
    ),
    (
        "لم تكتف تركيا بإرسال المرتزقة السوريين، بل نشرت منظومات دفاع جوي.",
        "المرتزقة السوريين",
        false,
        "'not only … but also' affirms",
    ),
    (
        "لا تخفي أنقرة أطماعها في ليبيا.",
        "أطماعها",
        false,
        "'does not hide' affirms",
    ),
    (
        "وتنفي هذه التطورات مزاعم النظام التركي.",
        "النظام التركي",
        false,
        "a denial without أن denies its predicate, not the label of whose claims they are",
    ),
    (
        "لا يوجد أي دليل على وجود مرتزقة سوريين في ليبيا.",
        "مرتزقة سوريين",
        true,
        "'there is no evidence of'",
    ),
    (
        "لا توجد الميليشيات في طرابلس.",
        "الميليشيات",
        true,
        "'there is no' denies a definite subject",
    ),
    (
        "لن تسمح مصر باحتلال تركي لليبيا.",
        "باحتلال تركي",
        false,
        "'will not allow' names what it refuses",
    ),
    (
        "لا زالت مرتزقة أردوغان في طرابلس.",
        "مرتزقة أردوغان",
        false,
        "'still' in the feminine",
    ),
    (
        "لم يكن الغزو التركي مفاجئا للمراقبين.",
        "الغزو التركي",
        false,
        "what was not surprising happened",
    ),
    (
        "ليس غزوا بل احتلالا.",
        "احتلالا",
        false,
        "what follows بل is affirmed",
    ),
    (
        "الوجود التركي ليس إلا احتلالا.",
        "احتلالا",
        false,
        "'nothing but' affirms what follows إلا",
    ),
    (
        "لم يكن الغزو التركي سوى دعاية.",
        "الغزو التركي",
        true,
        "'was nothing but propaganda' denies what comes before سوى",
    ),
    (
        "لا يوجد إلا مرتزقة في المنطقة.",
        "مرتزقة",
        false,
        "'there are only mercenaries'",
    ),
    (
        "لم تعلق أنقرة على غزو الجنوب.",
        "غزو",
        false,
        "the object of a preposition is taken as given",
    ),
    (
        "لا للاحتلال التركي، لا للغزو العثماني.",
        "للاحتلال التركي",
        false,
        "'no to the Turkish occupation' rejects it, as a hostile label",
    ),
    (
        "وصلت أسلحة إلى حكومة طرابلس غير المعترف بها دوليا.",
        "المعترف بها دوليا",
        true,
        "غير before a definite adjective negates it",
    ),
    (
        "غيّر الغزو التركي موازين القوى.",
        "الغزو التركي",
        false,
        "غيّر with a shadda is the verb 'changed'",
    ),
    (
        "نفى الوزير وجود مرتزقة في ليبيا.",
        "مرتزقة",
        true,
        "a denial without أن denies its object",
    ),
    (
        "نفى المتحدث أن تكون تركيا أرسلت مرتزقة.",
        "مرتزقة",
        true,
        "a denial with أن denies the clause",
    ),
    (
        "نفى الجيش الاتهامات، وأكد أن المرتزقة السوريين يقاتلون مع الوفاق.",
        "المرتزقة السوريين",
        false,
        "the أن after وأكد is what is affirmed",
    ),
    (
        "جاءت قوات غير نظامية ومرتزقة.",
        "ومرتزقة",
        false,
        "غير negates only the word after it",
    ),
    (
        "ورفضت أنقرة الاتهامات بإرسال مرتزقة إلى ليبيا.",
        "مرتزقة",
        true,
        "the charge of rejected accusations is denied",
    ),
    (
        "ورفض أردوغان وصف الوجود التركي بالاحتلال.",
        "بالاحتلال",
        true,
        "a rejected description",
    ),
    (
        "ورفض الرئيس التركي رجب طيب أردوغان وصف الوجود التركي بالاحتلال.",
        "بالاحتلال",
        true,
        "with a titled subject between",
    ),
    (
        "لا يمكن وصف الوجود التركي بالاحتلال.",
        "بالاحتلال",
        true,
        "'cannot be described as'",
    ),
    (
        "وهم لا يقبلون وصف وجودهم بالاحتلال.",
        "بالاحتلال",
        true,
        "'they do not accept the description'",
    ),
    (
        "وترفض أنقرة المزاعم بأن الغزو التركي مستمر.",
        "الغزو التركي",
        true,
        "rejected claims with أن",
    ),
    (
        "رافضة تسمية القوات التركية بالغزاة.",
        "بالغزاة",
        true,
        "رافضة تسمية: a rejected naming",
    ),
    (
        "وترفض الميليشيات تسليم سلاحها.",
        "الميليشيات",
        false,
        "a rejection with no rejected noun denies nothing",
    ),
    (
        "رفضت تركيا إرسال مرتزقة جدد رغم الاتهامات بنقل الإرهابيين.",
        "مرتزقة",
        false,
        "the rejection's own object comes first",
    ),
    (
        "رفضت تركيا إرسال مرتزقة جدد رغم الاتهامات بنقل الإرهابيين.",
        "الإرهابيين",
        false,
        "so the accusations after it are not what it rejects",
    ),
    (
        "لا يمكن وصف ما يجري إلا بالاحتلال.",
        "بالاحتلال",
        false,
        "'can only be described as': إلا affirms",
    ),
    (
        "لن نقبل بغزو تركي لبلادنا.",
        "بغزو تركي",
        false,
        "'we will not accept' names what it refuses",
    ),
];

#[test]
fn negation_cues_negate_and_double_negatives_affirm() {
    let lexicon = shipped_lexicon();
    let matcher = Matcher::new(&lexicon);
    for (text, surface, negated, why) in NEGATIONS {
        let m = match_of(&matcher, text, surface);
        assert_eq!(m.negated, *negated, "{surface} in {text} ({why})");
    }
}

#[test]
fn the_shipped_lexicons_know_the_common_misspelling_of_militias() {
    let lexicon = shipped_lexicon();
    let matcher = Matcher::new(&lexicon);
    let bare = match_of(&matcher, "هاجمت الميلشيات المدينة.", "الميلشيات");
    let named = match_of(&matcher, "هاجمت ميلشيات طرابلس المدينة.", "ميلشيات طرابلس");
    assert_ne!(bare.term, named.term, "the longer term wins");
}

#[test]
fn the_shipped_lexicons_tell_look_alike_words_apart() {
    let lexicon = shipped_lexicon();
    let matcher = Matcher::new(&lexicon);
    let invaders = match_of(&matcher, "قاوم الليبيون الغازين الأتراك.", "الغازين");
    assert_eq!(
        lexicon.frames[invaders.frame].id, "invasion_occupation",
        "الغازين is 'the invaders', not gas"
    );
    for (text, why) in [
        (
            "تواصل تركيا احتلال المرتبة الأولى بين المصدرين.",
            "ranking first is no occupation",
        ),
        (
            "دعا مجلس الأمن إلى سحب المرتزقة والقوات الأجنبية من ليبيا.",
            "the UN's withdrawal formula is of all camps",
        ),
        (
            "تسعى أنقرة منذ الغزو الروسي لأوكرانيا إلى موازنة موسكو.",
            "Russia's war in Ukraine is no frame of Libya",
        ),
        (
            "رفضت تركيا العدوان الإسرائيلي على غزة.",
            "Israel's war is not Haftar's aggression",
        ),
        (
            "رعى سعد الدين العثماني حوار بوزنيقة.",
            "Morocco's prime minister is no Ottoman",
        ),
        (
            "تتعرض أثينا لضغوط أحزاب اليمين المتطرف.",
            "the European far right is no terrorist label",
        ),
        (
            "وطالب الأهالي بمحاسبة كل من تورط في الفساد.",
            "'whoever was involved' is the verb, no entanglement",
        ),
        (
            "ويتورط الجميع في الفساد وتورطت الحكومة في الصفقة.",
            "nor are the verb's other forms",
        ),
        (
            "وطالبوا بمحاسبة الذي تورط في قتل المدنيين وممن تورط في الفساد.",
            "'who was involved', 'of those who were involved'",
        ),
        (
            "وغزت تركيا الأسواق الليبية بمنتجاتها.",
            "Turkish goods invading the markets is trade",
        ),
    ] {
        let doc = matcher.analyse(text, &mut FormsCache::default());
        assert!(
            doc.matches.iter().all(|m| m.contribution == 0.0),
            "{why}: {:?}",
            doc.matches
        );
    }
    let rsf = "وصل مقاتلون من قوات الدعم السريع السودانية للقتال إلى جانب حفتر.";
    let doc = matcher.analyse(rsf, &mut FormsCache::default());
    assert!(
        doc.matches.iter().all(|m| m.contribution == 0.0),
        "Sudan's Rapid Support Forces are no Turkish support force: {:?}",
        doc.matches
    );
}

#[test]
fn the_ottoman_past_is_history_and_ottoman_ambitions_a_charge() {
    let lexicon = shipped_lexicon();
    let matcher = Matcher::new(&lexicon);
    let history = "كانت طرابلس في العهد العثماني مركزا للقوافل، وبقيت آثار الحكم العثماني \
                   في المدينة القديمة، ومساجد على الطراز العثماني من الحقبة العثمانية.";
    let doc = matcher.analyse(history, &mut FormsCache::default());
    assert!(
        doc.matches.iter().all(|m| m.contribution == 0.0),
        "the Ottoman era, rule, style and period are history: {:?}",
        doc.matches
    );
    let charge = match_of(&matcher, "تهدد الأطماع العثمانية ليبيا.", "الأطماع العثمانية");
    assert!(charge.contribution < 0.0, "{charge:?}");
}

/// Text without sentence punctuation (OCR, hard-wrapped lines) is one long "sentence": a
/// cue at its start must not reach a label a hundred words on, nor one that far before it.
#[test]
fn a_cue_does_not_reach_across_an_unpunctuated_article() {
    let lexicon = shipped_lexicon();
    let matcher = Matcher::new(&lexicon);
    let filler = "وتحدث السكان عن الأوضاع اليومية في المدينة والأسواق والمدارس ".repeat(12);
    let text = format!("زعم المتحدث أن الغزو التركي بدأ {filler} ثم وصل المرتزقة إلى المدينة");
    assert_eq!(
        match_of(&matcher, &text, "الغزو التركي").voice,
        Voice::Distanced
    );
    assert_eq!(
        match_of(&matcher, &text, "المرتزقة").voice,
        Voice::Authorial
    );
    let before = format!("وصل المرتزقة إلى المدينة {filler} وزعم المتحدث أن الغزو التركي بدأ");
    assert_eq!(
        match_of(&matcher, &before, "المرتزقة").voice,
        Voice::Authorial
    );
}
