# The manager's page for one learner, the matrix's legend and the filter bar.

person-search = Cari nama atau ID karyawan
person-search-none = Tidak ada peserta yang cocok dengan "{ $text }".
person-search-more = Menampilkan { $count } yang pertama; ketik lebih banyak untuk mempersempit.
person-open = Buka halaman { $name }
person-back = Kembali ke area manajer
person-employee = ID karyawan: { $id }
person-department = Departemen: { $department }
person-no-department = Departemen: –
person-loading = Membaca catatan peserta…
person-gone = Profil ini sudah tidak ada (mungkin sudah dihapus pemiliknya).
person-modules = Modul
person-col-module = Modul
person-col-status = Status
person-col-when = Tanggal
person-col-score = Skor
person-col-attempts = Percobaan
person-attempts = Riwayat percobaan
person-no-attempts = Belum ada percobaan yang selesai.
person-attempt = { $module }: { $date }, skor { $score }%, { $verdict }
person-verdict-passed = lulus
person-verdict-failed = belum lulus
person-verdict-practice = latihan
person-show-answers = Lihat jawaban
person-hide-answers = Sembunyikan jawaban
person-certificate = Sertifikat
person-certificate-none = Belum ada modul yang lulus, jadi belum ada sertifikat.
person-certificate-module = Modul
person-certificate-path = Simpan sertifikat ke
person-certificate-save = Unduh sertifikat (PDF)
person-export = Catatan lengkap
person-export-intro = Semua yang disimpan Jaga tentang { $name }, sebagai JSON: untuk menjawab permintaan akses dari pemilik data atau untuk audit.
person-export-path = Simpan catatan ke
person-export-save = Ekspor catatan (JSON)
person-export-done = Catatan disimpan: { $path }

mx-when-valid-until = berlaku s.d. { $date }
mx-when-passed = lulus { $date }
mx-when-expired = berakhir { $date }
mx-when-due = batas { $date }
mx-when-attempted = dicoba { $date }
mx-when-answered = { $answered } dari { $total } dijawab
mx-legend = Keterangan
mx-legend-passed = tanggal = sampai kapan kelulusan berlaku (atau tanggal lulus bila tidak kedaluwarsa)
mx-legend-expiring-soon = masih lulus, tetapi segera berakhir; tanggal = akhir masa berlaku
mx-legend-expired = kelulusan sudah berakhir; tanggal = kapan berakhir
mx-legend-failed = sudah mencoba tetapi belum lulus; tanggal = percobaan terakhir
mx-legend-overdue = batas waktu lewat tanpa kelulusan yang berlaku; tanggal = batas waktu
mx-legend-in-progress = percobaan sedang berjalan; angka = soal yang sudah dijawab
mx-legend-not-started = belum mencoba; tanggal = batas waktu, bila ada
mx-legend-faded = Sel yang pudar tidak cocok dengan filter.
mx-open-person = Klik nama untuk membuka halaman peserta.

filter-active = Filter aktif: { $filters }
filter-none-active = Tanpa filter: semua peserta.
filter-clear = Hapus filter
filter-note-insights = Dihitung dari jawaban { $scope }. Filter status dan tanggal tidak berlaku di tab ini.
filter-scope-all = semua departemen
filter-scope-department = departemen { $department }
filter-note-due = Filter tidak berlaku di tab ini: semua batas waktu ditampilkan.
filter-note-export = Ekspor dan sertifikat di bawah mengikuti filter ini.
flow-share = { $count } kali ({ $share }% dari langkah ini)
flow-ending-share = { $count } kali ({ $share }% dari yang selesai)
filter-active-since = sejak { $date }
filter-active-until = sampai { $date }

chart-pass-rate-note = Bagian peserta yang sudah mencoba modul dan memegang kelulusan yang berlaku.
chart-rate-of = { $rate }% ({ $complete } dari { $attempted })
chart-departments = Penyelesaian per departemen (%)
chart-departments-note = Bagian modul yang sudah lulus dan masih berlaku, dari semua peserta departemen itu.
chart-rate-learners = { $rate }% dari { $learners } peserta
chart-no-departments = Belum ada peserta dengan departemen.
chart-weekly = Penyelesaian per minggu
chart-weekly-none = Belum ada kelulusan.
chart-week-of = Minggu mulai { $date }
chart-scores-count = { $count } percobaan
chart-as-table = Angka dalam tabel

date-pick = Kalender
date-pick-hint = Pilih tanggal di kalender
date-previous-month = Bulan sebelumnya
date-next-month = Bulan berikutnya
weekday-short-1 = Sen
weekday-short-2 = Sel
weekday-short-3 = Rab
weekday-short-4 = Kam
weekday-short-5 = Jum
weekday-short-6 = Sab
weekday-short-7 = Min
due-choose-module = Pilih modul
