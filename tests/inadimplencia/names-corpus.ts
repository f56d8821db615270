// Names as they arrive from the schools' finance exports and from staff typing:
// accents, cedilla and tildes, typographic apostrophes, odd spacing, upper
// case, and the letters unaccent maps although Unicode does not decompose them.
// The norm_text test runs every entry through SQL and TypeScript.

const BRAZILIAN = [
  "João Pedro da Silva", "Maria Eduarda Conceição", "Ana Luíza Gonçalves", "José Antônio Araújo",
  "Luís Otávio Magalhães", "Lúcia Helena Simões", "Antônio Carlos Brandão", "Conceição Aparecida Assunção",
  "Gonçalo Guimarães", "Sebastião Caetano", "Estêvão Falcão", "Inês Loureiro", "Lourenço Camões",
  "Fátima Bernardes", "Márcia Regina Paixão", "Cecília Meireles", "Cauã Reymond", "Tainá Müller",
  "Aécio Neves Júnior", "Heloísa Périssé", "Ítalo Ferreira", "Ângela Ro Ro", "Úrsula Corberó",
  "Benedito Ruy Barbosa", "Raí Souza Vieira", "Moisés Ximenes", "Thaís Araújo", "Débora Falabella",
  "Cláudia Abreu", "Glória Pires", "Vitória Strada", "Letícia Spiller", "Mônica Iozzi", "Flávia Alessandra",
  "Patrícia Poeta", "Emília Brandão", "Otávio Mesquita", "Valéria Valenssa", "Rogério Ceni",
  "Zélia Duncan", "Simão Pedro", "Leão Lobo", "Romão Gusmão", "Germano Sobrinho", "Plácido Domingo",
  "Nádia Lippi", "Jéssica Ellen", "Sônia Braga", "Vinícius de Moraes", "Ayrton Senna da Silva",
  "Cauê Fabiano", "Iracema Tupinambá", "Jaciara Guaraní", "Ubirajara Potiguar", "Moacir Anhangüera",
  "Luíza Trajano", "Bárbara Paz", "Kauã Aparecido", "Renée Conceição", "Noêmia Assunção",
  "Joaquim José da Silva Xavier", "Pedro Álvares Cabral", "Maria da Penha Fernandes", "Dráuzio Varella",
  "Érica Januza", "Jô Soares", "Zeca Pagodinho", "Tomé de Sousa", "Gabriel o Pensador", "Manuel Bandeira",
  "Graça Foster", "Ruth de Souza", "Milton Gonçalves", "Paulo Freire", "Chico Buarque de Holanda",
  "Tarsila do Amaral", "Cândido Portinari", "Zumbi dos Palmares", "Dandara dos Palmares", "Anita Garibaldi",
];

const PORTUGUESE = [
  "Afonso Henriques", "Leonor Teles de Menezes", "Álvaro de Campos", "Fernão Magalhães",
  "Bartolomeu Dias", "Vasco da Gama", "Luís Vaz de Camões", "Inês de Castro", "Amália Rodrigues",
  "Eusébio da Silva Ferreira", "Sophia de Mello Breyner", "Eça de Queirós", "Florbela Espanca",
  "Mariza Nunes", "Cristóvão Colombo", "Duarte Pacheco Pereira", "Guilhermina Suggia", "Salomé Gonçalves",
  "Conceição Lino", "Joana Vasconcelos", "Tomás Taveira", "Nuno Álvares Pereira", "Brites de Almeida",
  "Leonor Antunes", "Filipa de Lencastre", "Gil Vicente", "Sá Carneiro", "Aristides de Sousa Mendes",
];

const APOSTROPHES = [
  "Gabriel D’Ávila", "Gabriel D'Ávila", "Gabriel d‘Ávila", "Gabriel D`Ávila", "Gabriel Dʼ Ávila",
  "Helena Sant'Anna", "Helena Sant’Anna", "Helena Santʻanna", "Helena Sant‛Anna", "Helena Sant′Anna",
  "Pedro D’Oliveira", "Pedro D'Oliveira", "Miguel Dall’Agnol", "Beatriz Dell'Isola", "Rafael D’Angelo",
  "Ana D’Alessandro", "Sean O’Connor", "Lucas Sant’Ana Júnior", "Júlia Pingo d’Água", "Mãe d’Água",
  "Caixa D’Aço", "Joana d'Arc", "Clara Sant´Anna", "Arthur Sant''Anna", "Maria D ’ Ávila",
];

const SPACING = [
  "  João   Pedro  ", "Maria\tEduarda", "Ana\t\tLuíza\n", "José\u00a0Antônio", "Lúcia\u00a0\u00a0Helena",
  "\u00a0Gonçalo Guimarães\u00a0", "Inês\u2007Loureiro", "Fátima\u202fBernardes", "Sebastião\u2003Caetano",
  "Thaís\u2009Araújo", "Cauã\u3000Reymond", "Márcia\r\nRegina", "Raí\vSouza\fVieira", "Luíza\u2028Trajano",
  "Bárbara\u2029Paz", "Cecília \t \u00a0 Meireles", "", "   ", "\t\n", "\u00a0",
];

const CASE_AND_FORMS = [
  "JOÃO PEDRO DA SILVA", "MARIA DA CONCEIÇÃO", "GONÇALVES", "ÂNGELA MARIA", "ÍTALO ÚRSULA ÉRICA",
  "josé antônio araújo", "jOãO pEdRo", "Mª da Glória", "Nº 1", "Ｊｏãｏ Ｓｉｌｖａ", "Maria ﬁlha", "Antônio²",
  // Decomposed input (as some Mac exports write it) must meet the composed one.
  "Jo\u0061\u0303o Conce\u0063\u0327\u0061\u0303o", "Jos\u0065\u0301 Ant\u006f\u0302nio",
  "Maria–José", "Maria—José", "Maria‐José", "Maria‑José", "“Zé” Carioca", "«Bia»", "Ana · Paula",
];

const SPECIAL_LETTERS = [
  "Søren Kierkegaard", "Øystein Ørsted", "Æsa Ærø", "æble", "Œuvre Cœur", "Grœnland", "Weiß Großmann",
  "Straße", "GROẞ", "Łukasz Wałęsa", "ŁÓDŹ", "Đorđe Đoković", "Ðào Nguyễn", "Guðrún Ðórðardóttir",
  "Þór Þorsteinsson", "þorgeir", "Ħamrun Ħal", "ħabib", "Yıldız Işık", "İlker İnanç", "Björn Borg",
  "Zoë Saldaña", "Ñuñez Peña", "Dvořák Šťastný", "Åse Ångström", "Ŋgugi", "Ƒlávio", "Ŧomás", "Ŀlull",
  "ΟΔΥΣΣΕΑΣ", "Ёлка Пушкина", "ʼNick", "Ǆuro", "ǲenan", "Ĳsselmeer",
];

// The same names as finance exports often write them: upper case, padded with
// the separators Excel leaves behind.
const DERIVED = [...BRAZILIAN.slice(0, 25), ...PORTUGUESE.slice(0, 10)].flatMap((n) => [
  n.toUpperCase(),
  ` ${n.replace(/ /g, "\u00a0")}\t`,
]);

export const NAMES_CORPUS: readonly string[] = [
  ...new Set([...BRAZILIAN, ...PORTUGUESE, ...APOSTROPHES, ...SPACING, ...CASE_AND_FORMS, ...SPECIAL_LETTERS, ...DERIVED]),
];
