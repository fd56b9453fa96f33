/**
 * How mail programs start the quoted message under a reply, in English, Dutch, German, French,
 * Spanish, Italian and Portuguese: Outlook's header block (From:/Sent:/To:/Subject: and its
 * translations) and "-----Original Message-----", the Gmail, Apple Mail and Thunderbird attribution
 * ("On … wrote:", "Op … schreef …:", "Am … schrieb …:", "Le … a écrit :", "El … escribió:",
 * "Il giorno … ha scritto:", "Em … escreveu:"), forwarded-message separators, and the footers
 * phones add ("Sent from my iPhone"). Data only; reply-text.ts applies it.
 */

/** Outlook header labels, per field, in the seven languages. */
export const HEADER_LABELS = {
  from: ['from', 'van', 'von', 'de', 'da', 'od'],
  sent: [
    'sent',
    'date',
    'verzonden',
    'datum',
    'gesendet',
    'envoyé',
    'envoye',
    'enviado el',
    'enviado',
    'enviada',
    'fecha',
    'inviato',
    'data',
  ],
  to: ['to', 'aan', 'an', 'à', 'a', 'para', 'cc'],
  subject: ['subject', 'onderwerp', 'betreff', 'objet', 'asunto', 'oggetto', 'assunto'],
} as const;

/** "-----Original Message-----" and its translations (Outlook plain text). */
export const ORIGINAL_MESSAGE = [
  'original message',
  'oorspronkelijk bericht',
  'origineel bericht',
  'ursprüngliche nachricht',
  'originalnachricht',
  "message d'origine",
  'message original',
  'mensaje original',
  'messaggio originale',
  'mensagem original',
  'forwarded message',
  'doorgestuurd bericht',
  'weitergeleitete nachricht',
  'message transféré',
  'mensaje reenviado',
  'messaggio inoltrato',
  'mensagem encaminhada',
];

/** Words that open an attribution line ("On …", "Op …", "Am …", "Le …", "El …", "Il giorno …", "Em …"). */
export const ATTRIBUTION_OPENERS = ['on', 'op', 'am', 'le', 'el', 'il', 'em', 'den', 'w dniu'];

/** Words that end it, before the colon ("wrote", "schreef", "het volgende geschreven", …). */
export const ATTRIBUTION_VERBS = [
  'wrote',
  'writes',
  'schreef',
  'het volgende geschreven',
  'geschreven',
  'schrieb',
  'a écrit',
  'escribió',
  'escribio',
  'ha scritto',
  'scrisse',
  'escreveu',
  'skrev',
  'napisał',
];

/** Apple Mail's and Gmail's forward openers. */
export const FORWARD_OPENERS = [
  'begin forwarded message',
  'begin doorgestuurd bericht',
  'anfang der weitergeleiteten nachricht',
  'début du message réexpédié',
  'inicio del mensaje reenviado',
  'inizio messaggio inoltrato',
  'início da mensagem reencaminhada',
];

/** Footers phones and mail apps add under what the customer wrote ("Sent from my iPhone"). */
export const DEVICE_FOOTER =
  /^(?:sent from|sent with|get outlook for|verzonden (?:vanaf|met|via)|verstuurd (?:vanaf|met)|von meinem|gesendet (?:von|mit)|envoyé (?:de|depuis|à partir de)|enviado (?:desde|de|do|a partir d)|inviato da|obtener outlook|télécharger outlook|outlook voor|outlook für)\b.{0,60}\b(?:iphone|ipad|android|galaxy|samsung|outlook|mail|mobile|mobiel|phone|smartphone|handy|blackberry|pixel|tablet|ios|móvil|movil|celular|cellulare|telemóvel|telemovel|telefoon)\b.{0,30}$/iu;
