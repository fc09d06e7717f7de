/**
 * The words of "more comments" controls in the languages investigators' own accounts are most
 * often set to, for Expander (expand.ts): an investigator captures logged in as themselves, and a
 * Spanish or Arabic interface says "Ver más comentarios" or "عرض المزيد من التعليقات", not "View
 * more comments". English keeps its exact patterns in expand.ts; these languages are matched by
 * words, not whole phrases, because each platform words the same control differently:
 *
 * - a showing verb with a thread noun ("Ver 3 respuestas", "Weitere Kommentare anzeigen");
 * - a "more" word with a thread noun and no verb ("Plus de commentaires", "Altri commenti");
 * - a showing verb with a "more" word and nothing else ("Ver más", "Mehr anzeigen", "Lire la suite");
 * - a count with a thread noun ("5 respuestas"), also after Facebook's "· " ("Ana respondió · 2 respuestas").
 *
 * A label holding one of its language's `refuse` words (hide, less, translate, close, reply, share,
 * report, follow) is never clicked. Matching folds case and accents on both sides ("más" = "mas"),
 * as these interfaces are not always consistent about accents.
 *
 * Sources: the labels of Facebook, Instagram, YouTube and TikTok in these languages, as
 * multilingual comment scrapers list them (for example a Facebook scraper's keyword file adapted
 * from FBScrapeIdeas: French, Spanish, Arabic, German, Portuguese, Italian), extended by the same
 * words in Dutch, Polish, Czech, Russian, Ukrainian and Turkish.
 */
export interface ExpandLanguage {
  lang: string;
  verbs: string[];
  more: string[];
  nouns: string[];
  /** Articles and prepositions that may stand between a verb and a "more" word ("Lire la suite"). */
  small: string[];
  refuse: string[];
}

export const EXPAND_LANGUAGES: ExpandLanguage[] = [
  {
    lang: 'es', verbs: ['ver', 'mostrar', 'cargar', 'leer'], more: ['más', 'todos', 'todas', 'anteriores'],
    nouns: ['comentario', 'comentarios', 'respuesta', 'respuestas'], small: ['los', 'las'],
    refuse: ['ocultar', 'menos', 'traducir', 'traducción', 'cerrar', 'responder', 'compartir', 'denunciar', 'seguir'],
  },
  {
    lang: 'pt', verbs: ['ver', 'mostrar', 'carregar', 'exibir', 'visualizar', 'ler'], more: ['mais', 'todos', 'todas', 'anteriores'],
    nouns: ['comentário', 'comentários', 'resposta', 'respostas'], small: ['os', 'as'],
    refuse: ['ocultar', 'esconder', 'menos', 'traduzir', 'tradução', 'fechar', 'responder', 'compartilhar', 'denunciar', 'seguir'],
  },
  {
    lang: 'fr', verbs: ['voir', 'afficher', 'charger', 'lire'], more: ['plus', 'suite', 'autres', 'tous', 'toutes', 'précédents'],
    nouns: ['commentaire', 'commentaires', 'réponse', 'réponses'], small: ['la', 'le', 'les', 'de', 'd'],
    refuse: ['masquer', 'moins', 'traduire', 'traduction', 'fermer', 'répondre', 'partager', 'signaler', 'suivre'],
  },
  {
    lang: 'de', verbs: ['anzeigen', 'ansehen', 'laden', 'lesen', 'zeigen'], more: ['mehr', 'weitere', 'alle', 'vorherige'],
    nouns: ['kommentar', 'kommentare', 'antwort', 'antworten'], small: [],
    refuse: ['ausblenden', 'verbergen', 'weniger', 'übersetzen', 'übersetzung', 'schließen', 'teilen', 'melden', 'folgen'],
  },
  {
    lang: 'it', verbs: ['visualizza', 'mostra', 'vedi', 'carica', 'leggi'], more: ['altri', 'altre', 'altro', 'più', 'tutti', 'tutte', 'precedenti'],
    nouns: ['commento', 'commenti', 'risposta', 'risposte'], small: ['le', 'i'],
    refuse: ['nascondi', 'meno', 'traduci', 'traduzione', 'chiudi', 'rispondi', 'condividi', 'segnala', 'segui'],
  },
  {
    lang: 'nl', verbs: ['bekijk', 'bekijken', 'weergeven', 'toon', 'tonen', 'laad', 'laden', 'lees'], more: ['meer', 'alle', 'vorige'],
    nouns: ['reactie', 'reacties', 'antwoord', 'antwoorden'], small: [],
    refuse: ['verbergen', 'minder', 'vertalen', 'vertaling', 'sluiten', 'delen', 'melden', 'volgen'],
  },
  {
    // "Odpowiedz" (reply) folds to the same letters as "odpowiedź" (an answer): it is left to the
    // rule that a thread noun alone is never enough.
    lang: 'pl', verbs: ['wyświetl', 'zobacz', 'pokaż', 'załaduj', 'czytaj'], more: ['więcej', 'kolejne', 'pozostałe', 'poprzednie', 'wszystkie'],
    nouns: ['komentarz', 'komentarze', 'komentarzy', 'odpowiedź', 'odpowiedzi'], small: [],
    refuse: ['ukryj', 'mniej', 'przetłumacz', 'tłumaczenie', 'zamknij', 'udostępnij', 'zgłoś', 'obserwuj'],
  },
  {
    lang: 'cs', verbs: ['zobrazit', 'zobraz', 'načíst', 'číst', 'ukázat'], more: ['další', 'více', 'víc', 'předchozí', 'všechny'],
    nouns: ['komentář', 'komentáře', 'komentářů', 'odpověď', 'odpovědi', 'odpovědí'], small: [],
    refuse: ['skrýt', 'méně', 'přeložit', 'překlad', 'zavřít', 'odpovědět', 'sdílet', 'nahlásit', 'sledovat'],
  },
  {
    lang: 'ru', verbs: ['показать', 'посмотреть', 'смотреть', 'загрузить', 'читать', 'открыть'], more: ['ещё', 'больше', 'далее', 'остальные', 'предыдущие', 'все'],
    nouns: ['комментарий', 'комментарии', 'комментариев', 'комментария', 'ответ', 'ответы', 'ответов', 'ответа'], small: [],
    refuse: ['скрыть', 'свернуть', 'меньше', 'перевести', 'перевод', 'закрыть', 'ответить', 'поделиться', 'пожаловаться', 'подписаться'],
  },
  {
    lang: 'uk', verbs: ['показати', 'переглянути', 'завантажити', 'читати', 'відкрити'], more: ['ще', 'більше', 'далі', 'інші', 'попередні', 'всі', 'усі'],
    nouns: ['коментар', 'коментарі', 'коментарів', 'коментаря', 'відповідь', 'відповіді', 'відповідей'], small: [],
    refuse: ['приховати', 'згорнути', 'менше', 'перекласти', 'переклад', 'закрити', 'відповісти', 'поширити', 'поскаржитися', 'підписатися'],
  },
  {
    lang: 'tr', verbs: ['gör', 'göster', 'yükle', 'oku'], more: ['daha', 'fazla', 'devamını', 'diğer', 'önceki', 'tüm'],
    nouns: ['yorum', 'yorumu', 'yorumlar', 'yorumları', 'yanıt', 'yanıtı', 'yanıtlar', 'yanıtları', 'cevap', 'cevapları'], small: [],
    refuse: ['gizle', 'az', 'çevir', 'çeviriyi', 'kapat', 'yanıtla', 'paylaş', 'bildir', 'takip'],
  },
  {
    lang: 'ar', verbs: ['عرض', 'مشاهدة', 'إظهار', 'اظهر', 'تحميل', 'قراءة'], more: ['المزيد', 'جميع', 'كل', 'السابقة'],
    nouns: ['تعليق', 'تعليقات', 'التعليقات', 'الردود', 'ردود', 'الرد'], small: ['من'],
    refuse: ['إخفاء', 'أقل', 'ترجمة', 'إغلاق', 'مشاركة', 'إبلاغ', 'متابعة'],
  },
];

/** Most words a verb-and-noun label may have ("Ver las 12 respuestas de Ana" is 6). */
export const MAX_LABEL_WORDS = 8;
