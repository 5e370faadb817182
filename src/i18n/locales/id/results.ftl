# Jaga — hasil tindakan manajer, dalam bahasa Indonesia.
# Setiap kunci di sini harus ada juga di en/results.ftl (diuji).

done-export = Tersimpan { $path } ({ $rows } baris, SHA-256 { $sha256 }).
done-bundle = Bundel hasil tersimpan di { $path }: { $learners } peserta dan { $attempts } percobaan selesai, dengan { $refreshers } penyegaran.
done-import = { $path }: { $learners } peserta dan { $attempts } percobaan ditambahkan, { $refreshers } penyegaran ditambahkan, { $present } sudah ada, { $conflicts } konflik.
done-import-failed = { $path }: tidak diimpor, tidak ada yang ditulis. { $reason }
conflict-profile = Karyawan { $employee } bernama "{ $here }" di sini tetapi "{ $bundle }" di bundel; profil di sini dipertahankan dan percobaannya dicatat di profil itu.
conflict-attempt = Satu percobaan karyawan { $employee } pada "{ $module }" sudah tersimpan dengan hasil berbeda; yang tersimpan dipertahankan.
conflict-refresher = Satu penyegaran karyawan { $employee } sudah tersimpan dengan jawaban berbeda; yang tersimpan dipertahankan.
conflict-unchecked-pass = Kelulusan karyawan { $employee } pada "{ $module }" dibuat dengan versi modul yang tidak ada di komputer ini, sehingga nilai lulusnya tidak dapat diperiksa; periksa dulu sebelum menerbitkan sertifikat.
conflicts-more = … dan { $count } konflik lain yang tidak dicantumkan.
done-certificates = { $count } sertifikat tersimpan di { $path }.
done-certificate-failed = { $name }: tidak dibuat. { $reason }
done-due-set = Tenggat "{ $module }" ditetapkan { $date } { $who }.
done-due-cleared = Tenggat "{ $module }" dihapus { $who }.
done-track-assigned = Jalur "{ $track }" wajib diselesaikan paling lambat { $date } { $who }.
done-track-unassigned = Jalur "{ $track }" tidak lagi ditetapkan { $who }.
done-for-department = untuk departemen { $department }
done-for-everyone = untuk semua orang
done-retention-set = Hasil yang lebih tua dari { $days } hari kini dihapus.
done-retention-off = Hasil kini disimpan sampai manajer menghapusnya.
done-lrs-configured = Pengiriman ke LRS aktif: pernyataan dikirim ke { $endpoint } dengan kunci { $key }; { $queued } pernyataan sebelumnya masuk antrean.
done-lrs-off = Pengiriman ke LRS dimatikan; tidak ada lagi yang dikirim.
data-passphrase-changed = Frasa sandi telah diganti.
done-organisation-set = Tersimpan. Sertifikat yang dibuat mulai sekarang mencantumkan organisasi dan penanda tangan ini.
done-pins-required = Tersimpan: setiap profil di komputer ini wajib memiliki PIN; peserta yang belum punya memilihnya saat masuk berikutnya. Keluar otomatis setelah { $minutes } menit tanpa aktivitas (0: tidak pernah).
done-pins-optional = Tersimpan: PIN tidak wajib di komputer ini. Keluar otomatis setelah { $minutes } menit tanpa aktivitas (0: tidak pernah).
done-pin-reset = PIN { $name } sudah dihapus. Peserta itu diberi tahu saat masuk berikutnya dan dapat memilih PIN baru.
