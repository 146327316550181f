// Writes the binary Excel (BIFF8) trade history the spreadsheet tests read, with SheetJS (npm "xlsx" 0.18.5),
// a writer independent of the reader Tradebook uses: `npm install xlsx@0.18.5 && node make-xls.mjs`.
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const XLSX = require('xlsx');
const rows = [
  ['Trade history export'],
  [],
  ['Order No', 'Time', 'Market', 'Type', 'Price', 'Amount', 'Total', 'Fee', 'Fee Coin'],
  ['9001', new Date(Date.UTC(2024, 0, 2, 10, 0, 0)), 'ETH/USDT', 'Buy', 2300.25, 1.5, 3450.375, 0.0015, 'ETH'],
  ['9002', new Date(Date.UTC(2024, 0, 2, 18, 45, 30)), 'ETH/USDT', 'Sell', 2310.5, 1.4985, 3462.28425, 3.46228425, 'USDT'],
];
const sheet = XLSX.utils.aoa_to_sheet(rows, { cellDates: true, UTC: true });
const book = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(book, sheet, 'Trades');
XLSX.writeFile(book, process.argv[2] ?? 'trade-history.xls', { bookType: 'biff8' });
