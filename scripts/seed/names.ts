// Name parts for the demo schools: common Brazilian first names and surnames.
export const FIRST_NAMES = [
  "Miguel", "Arthur", "Gael", "Heitor", "Théo", "Davi", "Gabriel", "Bernardo", "Samuel", "João Pedro",
  "Helena", "Alice", "Laura", "Maria Alice", "Sophia", "Manuela", "Maitê", "Liz", "Cecília", "Isabella",
  "Luísa", "Eloá", "Heloísa", "Júlia", "Ayla", "Maria Luísa", "Isis", "Elisa", "Antonella", "Valentina",
  "Lorenzo", "Benício", "Joaquim", "Otávio", "Ravi", "Noah", "Anthony", "Matheus", "Lucas", "Nicolas",
  "Ana Clara", "Lívia", "Beatriz", "Mariana", "Lara", "Melissa", "Yasmin", "Giovanna", "Rafaela", "Clara",
];

export const SURNAMES = [
  "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
  "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
  "Gonçalves", "Araújo", "Simões", "Falcão", "Magalhães", "Nóbrega", "Assunção", "Guimarães", "Brandão", "D'Ávila",
];

export const GUARDIAN_FIRST = [
  "Ana", "Fernanda", "Patrícia", "Juliana", "Adriana", "Camila", "Luciana", "Vanessa", "Cláudia", "Márcia",
  "Carlos", "Marcelo", "Rodrigo", "André", "Fábio", "Ricardo", "Paulo", "Sérgio", "Eduardo", "Luís",
];

/** The i-th distinct full name: mixed radix over first name × three surnames. */
export function personName(i: number, firsts: readonly string[]): string {
  let k = i;
  const parts = [firsts[k % firsts.length]];
  k = Math.floor(k / firsts.length);
  for (let n = 0; n < 3; n++) {
    parts.push(SURNAMES[k % SURNAMES.length]);
    k = Math.floor(k / SURNAMES.length);
  }
  return parts.join(" ");
}
