"""Genres that are no appeal whatever service they name: thanks, ads, announcements,
arguments and replies, neutral questions, jokes, remarks that ask nothing.

The topic model reads words; «спасибо за ремонт дороги», «плановое отключение горячей воды» and
«вакансия: водитель автобуса, тел …» are full of the words of complaints. These genres have
plain surface signals, so a message that shows one — and no sign of a complaint (a question,
«но», «до сих пор», «опять», sarcasm such as «продержался целых две недели») — is not an appeal
(taxonomy v1, rule 6). The classifier applies it (``TopicClassifier(non_appeal_cues=True)``,
the default) by capping the appeal probability.

Measured on 4,000 hand-written social-network messages of 25 probe sets (2026-11-30): 446 hits
(thanks 162, neutral questions 108, ads 58, jokes 49, announcements 39, arguments and replies 28,
remarks 2), one of them an appeal («Вы пишете, что ямочный ремонт завершён. Приезжайте
посмотрите …»). On the 1,999 Kursk appeals nothing is hit; on all 53,898 St Petersburg
petitions 7 are (thanks 4, arguments 2, announcements 1), the same 7 as before the jokes,
remarks and replies were added. In the training corpus 1 of 138 hits of the first cues was an
appeal (a sarcastic «Спасибо за чистый двор … Убрать!»).
"""

from __future__ import annotations

import re

__all__ = ["GenreCues", "non_appeal_genre"]

_PHONE = re.compile(r"(?:\+7|(?<!\d)8)[\s(-]{0,2}\d{3}[\s)-]{0,2}\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")
_PRICE = re.compile(r"\d\s?(?:т\.?р|тыс|000|₽|руб|р\b)", re.I)
_AD = re.compile(
    r"(?<![^\W\d_])(?:продам|продаю|прода[её]тся|сдам|сдаю|сда[её]тся|куплю|вакансия|"
    r"зп от|зарплата от|скидк[аи]|недорого|звоните|пишите в лс|в лс|"
    r"ремонт \w+ (?:и \w+ )?(?:\w+ )?на дому|выезд по)(?![^\W\d_])", re.I)
_ANNOUNCEMENT = re.compile(
    r"(?<![^\W\d_])(?:плановое отключение|плановые отключения|будет отключ\w+|будут отключ\w+|"
    r"не будет (?:горячей |холодной )?(?:воды|света|электроэнергии|отопления|газа)|"
    r"перекрытие движения|будет перекрыт\w*|(?:проезд|движение|дорога|переезд|мост|улица)"
    r"(?: [^\W\d_]+){0,3} будет (?:закрыт|ограничен)\w*|"
    r"начинается ремонт|начн[её]тся ремонт|ограничение движения|приглашаем|приглашает|"
    r"начал\w* (?:выплат\w*|при[её]м\w*)|мобильный пункт|новое расписание|"
    r"изменится расписание|сообщает:|заверш[её]н ремонт|завершены работы|"
    r"состоится|пройд[её]т)(?![^\W\d_])|^\W*(?:[^\W\d_]+\W+){0,2}объявление\s*[:!]", re.I)
# an offer that needs no phone or price to be one («сдаю комнату посуточно, wi-fi»)
_OFFER = re.compile(
    r"(?<![^\W\d_])(?:посуточно|(?:сдаю|сдам|продаю|продам) (?:комнату|квартиру|дом|гараж|"
    r"участок|дачу|коляску|машину))(?![^\W\d_])|(?<![^\W\d_])(?:клиника|медицинский центр|"
    r"медцентр|салон|магазин|такси|аптека)\s{1,2}\"[^\"]{2,40}\"(?=.{0,200}(?:без очередей|"
    r"скидк|акци|приглаша|ждём вас|ждем вас|запись по|круглосуточно))", re.I | re.S)
# praise for work done, without a word of thanks («наконец отремонтировали, уря»)
_DONE = re.compile(
    r"(?<![^\W\d_])наконец(?:-то)?\s+(?:[^\W\d_]+\s+){0,2}?(?:отремонтировал\w*|сделал\w*|"
    r"заасфальтировал\w*|починил\w*|поставил\w*|убрал\w*|открыл\w*|заделал\w*|вывезл\w*|"
    r"построил\w*|покрасил\w*|отремонтирован\w*|постелил\w*|положил\w*)", re.I)
_THANKS = re.compile(
    r"^\W*(?:хочу\s+)?(?:сказать\s+)?(?:огромное\s+|большое\s+|отдельное\s+)?"
    r"(?:спасибо|благодарю|благодарим|выражаю благодарность|выражаем благодарность)"
    r"|^[^.!?]{0,60}(?<![^\W\d_])(?:спасибо|благодарю)(?![^\W\d_])", re.I)
# an argument with another commenter («@olga_k ты вообще читала что написано?», «Игорь, вы
# не правы, там застройщик виноват», «сам ты свалку развёл»), unless the writer tells a problem
# of their own («@Ольга у нас так же, …», «прошу …»)
_ARGUMENT = re.compile(
    r"(?<![^\W\d_])(?:ты|вы|тебе|вам|тебя|вас)(?:\s+[^\W\d_]+){0,3}\s+(?:читал\w*|"
    r"смотрел\w*|видел\w*|был\w*|пишешь|пишете|не правы|не прав|бред\w*|не туда|сам\w*)"
    r"(?![^\W\d_])|(?<![^\W\d_])(?:не ной|не гони|не кипишуй|не паникуй\w*|переезжай|"
    r"сам ты|сам то|сам-то|сама ты|прежде чем писать|не лезь)(?![^\W\d_])", re.I)
# a reply that only agrees or disagrees («Согласна с Мариной, …», «Это фейк, …»), unless it
# tells a problem («согласна графику!! уборка не производится уже месяц»)
_AGREEMENT = re.compile(
    r"^\W*(?:[^\W\d_]+\W+){0,1}?(?:согласен|согласна|согласны|поддерживаю|плюсую|это фейк|"
    r"не согласен|не согласна)(?![^\W\d_])", re.I)
_OWN_PROBLEM = re.compile(
    r"(?<![^\W\d_])(?:у нас|у меня|нам|нас|наш\w*|мо[йяеи]\w*|мы|мне|я|прошу|просим|"
    r"помогите|живу|жив[её]м)(?![^\W\d_])", re.I)
# a neutral question to other readers («кто знает, МФЦ на Ленина в субботу работает?»,
# «подскажите, во сколько салют?»): taxonomy v1 lists neutral questions among non-appeals;
# not when it carries a problem («…лёд сплошной, бабушки падают», «кто должен чистить …»)
# or is addressed to officials («Здравствуйте, подскажите, когда дадут отопление?»)
_QUESTION = re.compile(
    r"^\W*(?:[^\W\d_]+\W+){0,3}?(?:подскажите|подскажи|не подскажете|кто знает|"
    r"кто-нибудь знает|кто нибудь знает|а правда что|правда что|где можно|где почитать|"
    r"где посмотреть|где узнать|как узнать|это вы про|это про|а про|про какой|про какую|"
    r"про какие|что-нибудь известно|что нибудь известно|кто в курсе|как проехать|как доехать|"
    r"как добраться|где сейчас|где принимают|где купить|где найти|"
    r"можно ли|девочки|а кто|кто рожал|кто проходил|кто был|кто делал|во сколько|"
    r"какие документы|с какого возраста|куда идти|куда обращаться|как оформить|как получить|"
    r"как записаться)(?![^\W\d_])", re.I)
_QUESTION_PROBLEM = re.compile(
    r"(?<![^\W\d_])(?:нет|не|ни|опять|снова|сколько можно|почему|зачем|уже|неделю|недели|"
    r"месяц|месяца|сломан\w*|разбит\w*|ям\w*|теч[её]т|безобрази\w*|ужас\w*|кошмар|"
    r"невозможно|отказ\w*|жалоб\w*|прошу|помогите|срочно|хамств\w*|грязь|вонь|отвечает за|"
    r"должен|должна|должны|жаловаться|пожаловаться|обещали|отправляют|падают|л[её]д|"
    r"сугроб\w*|мусор\w*|разное|урны|компенсаци\w*|кому писать)(?![^\W\d_])", re.I)
_TO_OFFICIALS = re.compile(r"^\W*(?:здравствуйте|добрый день|добрый вечер|доброе утро|"
                           r"уважаем\w*)", re.I)
# a complaint or a question after all (or sarcasm): the genre is only the wrapping
_COMPLAINT = re.compile(
    r"(?<![^\W\d_])(?:но|однако|а вот|зато|только|до сих пор|когда|почему|зачем|сколько можно|"
    r"опять|снова|так и не|не сделали|не работает|нет|не могут|помогите|прошу|просим|аж|целых|"
    r"вернулись|уже (?:волны|ямы|дыры|трещины)|ну спасибо)(?![^\W\d_])|\?", re.I)

# a joke or a laugh at the town's troubles («в Саратове ямы такие, что карасей разводить
# можно 😂», «Омск — город, где навигатор говорит „держитесь“ 😂😂»): laughter with no request
# and no sign of a complaint (an emoji is read on the original text, the clean text blanks it)
_LAUGH = re.compile(r"[\U0001F602\U0001F923\U0001F606\U0001F604\U0001F601\U0001F605"
                    r"\U0001F639]|(?<![^\W\d_])(?:а?ха(?:ха)+х?|ахах\w*|хех\w*|лол|ржу|ржака)"
                    r"(?![^\W\d_])", re.I)
_REQUEST = re.compile(
    r"(?<![^\W\d_])(?:сделайте|уберите|примите|приведите|разберитесь|почините|отремонтируйте|"
    r"верните|проверьте|накажите|требую|требуем|обращаюсь|обращаемся|доколе|страшно|опасно)"
    r"(?![^\W\d_])", re.I)

# the writer says there is no request («просто констатирую, никого не прошу», «не жалуюсь,
# просто делюсь»)
_NO_REQUEST = re.compile(
    r"(?<![^\W\d_])(?:никого не прошу|ни о ч[её]м не прошу|ничего не прошу|не жалуюсь|"
    r"просто констатирую|констатирую факт|просто делюсь|мысли вслух)(?![^\W\d_])", re.I)

_WORD = re.compile(r"[а-яa-z]+")
# words at least one of which each pattern needs (ё folded to е)
_AD_WORDS = frozenset("""
продам продаю продается сдам сдаю сдается куплю вакансия зп зарплата скидка скидки недорого
звоните лс ремонт выезд
""".split())
_ARGUMENT_WORDS = frozenset("""
ты вы тебе вам тебя вас ной гони кипишуй паникуй паникуйте переезжай сам то сама прежде лезь
согласен согласна согласны поддерживаю плюсую фейк
""".split())
_QUESTION_WORDS = frozenset("""
подскажите подскажи подскажете знает правда где можно девочки кто сколько документы
возраста куда как про известно
""".split())
_OFFER_WORDS = frozenset("""
посуточно сдаю сдам продаю продам клиника медицинский медцентр салон магазин такси аптека
""".split())
_ANNOUNCEMENT_WORDS = frozenset("""
плановое плановые будет будут перекрытие ограничение приглашаем приглашает состоится пройдет
начинается начнется начал начали начался началась начались начато мобильный новое изменится
объявление сообщает завершен завершены
""".split())
_NO_REQUEST_WORDS = frozenset("прошу жалуюсь констатирую делюсь вслух".split())
_THANKS_WORDS = frozenset("спасибо благодарю благодарим благодарность наконец".split())


class GenreCues:
    """The genre of a message that is no appeal: ``"ad"``, ``"argument"`` (with another
    commenter), ``"question"`` (a neutral one to other readers), ``"joke"`` (laughter with no
    request or complaint), ``"remark"`` (the writer says they ask nothing), ``"announcement"``, ``"thanks"``, or ``None``.

    Examples
    --------
    >>> non_appeal_genre("Спасибо дорожникам, ямы наконец заделали 👍")
    'thanks'
    >>> non_appeal_genre("спасибо за ремонт, продержался целых две недели") is None
    True
    >>> non_appeal_genre("плановое отключение горячей воды с 20.05 по 02.06")
    'announcement'
    >>> non_appeal_genre("вакансия: требуется водитель автобуса, тел 89241112233")
    'ad'
    >>> non_appeal_genre("@ivan ты сам там был? яму закатали неделю назад, не гони")
    'argument'
    >>> non_appeal_genre("@Ольга у нас так же, ямы по колено, когда заделают?") is None
    True
    >>> non_appeal_genre("кто знает, МФЦ на Ленина в субботу работает?")
    'question'
    >>> non_appeal_genre("ребят кто отвечает за тротуар? лёд сплошной, бабушки падают") is None
    True
    >>> non_appeal_genre("яма на дороге, когда заделают?") is None
    True
    >>> non_appeal_genre("в Омске навигатор говорит: через 200 метров яма, держитесь 😂")
    'joke'
    >>> non_appeal_genre("опять яма на том же месте 😂") is None
    True
    >>> non_appeal_genre("Согласна с Мариной, в прошлом году тоже всё в последний момент делали")
    'argument'
    >>> non_appeal_genre("согласна, у нас во дворе та же беда, яма на яме") is None
    True
    >>> non_appeal_genre("бензин дороже, чем в Москве. просто констатирую, никого не прошу")
    'remark'
    """

    def __call__(self, text: str, original: str | None = None) -> str | None:
        """The genre of ``text`` (``original``: the text before normalisation, for emoji)."""
        if not text:
            return None
        # each pattern runs only when one of its words occurs (a set lookup per word: the
        # patterns are long alternations, and most messages have none of their words)
        words = frozenset(_WORD.findall(text.lower().replace("ё", "е")))
        if not words.isdisjoint(_AD_WORDS) and _AD.search(text) is not None and (
                _PHONE.search(text) is not None or _PRICE.search(text) is not None):
            return "ad"
        if not words.isdisjoint(_ARGUMENT_WORDS) and _OWN_PROBLEM.search(text) is None and (
                _ARGUMENT.search(text) is not None or (
                    (agree := _AGREEMENT.search(text)) is not None
                    and _QUESTION_PROBLEM.search(text, agree.end()) is None)):
            return "argument"
        if not words.isdisjoint(_QUESTION_WORDS) and _QUESTION.search(text) is not None and \
                _QUESTION_PROBLEM.search(text) is None and _TO_OFFICIALS.search(text) is None:
            return "question"
        if not words.isdisjoint(_NO_REQUEST_WORDS) and _NO_REQUEST.search(text) is not None:
            return "remark"
        if _LAUGH.search(original if original is not None else text) is not None and \
                _COMPLAINT.search(text) is None and _REQUEST.search(text) is None:
            return "joke"
        offer = not words.isdisjoint(_OFFER_WORDS)
        announcement = not words.isdisjoint(_ANNOUNCEMENT_WORDS)
        thanks = not words.isdisjoint(_THANKS_WORDS)
        if not (offer or announcement or thanks) or _COMPLAINT.search(text) is not None:
            return None
        if offer and _OFFER.search(text) is not None:
            return "ad"
        if announcement and _ANNOUNCEMENT.search(text) is not None:
            return "announcement"
        if thanks and (_THANKS.search(text) is not None or _DONE.search(text) is not None):
            return "thanks"
        return None


#: The default instance.
non_appeal_genre = GenreCues()
