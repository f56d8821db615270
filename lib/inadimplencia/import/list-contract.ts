import type { ImportContract } from "@/lib/import/contract";
import type { ImportField } from "./contract";
import { LIST_HEADERS } from "./headers";
import { FIELD_LABELS } from "./contract";
import { heldKey, moneyWatch, validateRows, type HeldKey, type ImportRow } from "./validate";

/** The delinquent list as one use of the shared import pipeline. */
export const LIST_CONTRACT: ImportContract<ImportField, ImportRow, HeldKey> = {
  ...LIST_HEADERS,
  validate: validateRows,
  heldFromCells: heldKey,
  columnWatch(mapping, headers) {
    const months = mapping.meses_inadim;
    const money = moneyWatch();
    return {
      see: (cells) => {
        if (months !== undefined) money.see(cells[months] ?? "");
      },
      notes: () => {
        if (months === undefined || !money.looksLikeMoney()) return [];
        return [
          `A coluna lida como “${FIELD_LABELS.meses_inadim}” (“${headers[months] || `coluna ${months + 1}`}”) ` +
            "parece conter valores em dinheiro (R$, duas casas decimais ou mediana acima de 24 meses): " +
            "confira se é a coluna certa.",
        ];
      },
    };
  },
};
